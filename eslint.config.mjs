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

// lib/stripe alone talks to the Stripe SDK: one module per operation, each owning its idempotency key and error
// mapping. Elsewhere `stripe` is imported for its types only, and the SDK client (`getStripe`) not at all. Test
// tooling (tests, lib/testing, lib/webhooks/testing) drives the emulator directly.
const stripeGatewayRule = {
  files: ["lib/**/*.ts", "server/**/*.{ts,mts,mjs}"],
  ignores: ["lib/stripe/**", "lib/testing/**", "lib/webhooks/testing/**", "**/*.test.ts"],
  rules: {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      {
        paths: [{ name: "stripe", allowTypeImports: true, message: "Call Stripe through a module in lib/stripe (types may be imported)." }],
        patterns: [{ group: ["@/lib/stripe/client", "**/stripe/client"], message: "Only lib/stripe uses the SDK client: add an operation module there." }],
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
  stripeGatewayRule,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
