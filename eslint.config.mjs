import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Pages and route handlers reach Stripe and the database only through lib/ (one-way layers).
const layerRule = {
  files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        paths: [
          { name: "stripe", message: "Use the Stripe gateway in lib/stripe." },
          { name: "@prisma/client", message: "Use lib/<domain> queries." },
          { name: "pg", message: "Use lib/<domain> queries." },
        ],
        patterns: [
          { group: ["@/lib/generated/*", "**/generated/prisma/*"], message: "Use lib/<domain> queries." },
          { group: ["@/lib/db/*", "@/lib/db"], message: "Use lib/<domain> queries, not the client." },
        ],
      },
    ],
  },
};

// Components take props and fetch nothing: formatting comes from lib/format; from the rest of lib/ only types
// (the shape of the props), never a use case.
const componentRule = {
  files: ["components/**/*.{ts,tsx}"],
  rules: {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            group: ["@/lib/*", "!@/lib/format", "!@/lib/format/*"],
            allowTypeImports: true,
            message: "Components import formatting from lib/format and only types from the rest of lib/.",
          },
        ],
      },
    ],
  },
};

const config = [
  { ignores: ["node_modules/**", ".next/**", ".data/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...nextVitals,
  ...nextTs,
  layerRule,
  componentRule,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
