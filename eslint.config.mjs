import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Pages and route handlers reach Stripe and the database only through lib/ (one-way layers).
const LAYER_PATHS = [
  { name: "stripe", message: "Use the Stripe gateway in lib/stripe." },
  { name: "@prisma/client", message: "Use lib/<domain> queries." },
  { name: "pg", message: "Use lib/<domain> queries." },
];
const LAYER_PATTERNS = [
  { group: ["@/lib/generated/*", "**/generated/prisma/*"], message: "Use lib/<domain> queries." },
  { group: ["@/lib/db/*", "@/lib/db"], message: "Use lib/<domain> queries, not the client." },
];
// What runs in production never imports the tooling: the app reaches the emulator over HTTP (configuration), and
// the local stack (packages/local-stack), the test support (testing/) and the scripts only ever drive the app.
const TOOLING_PATTERNS = [
  {
    group: ["@asset-anchor/*", "**/packages/*"],
    message: "Runtime code reaches Stripe (or the emulator) over HTTP and never imports the local stack.",
  },
  { group: ["@/testing/*", "@/scripts/*", "@/e2e/*", "@/resilience/*"], message: "Tests and tools are not runtime code." },
];
// lib/ sits below the pages and components: an import back up would make the layers a cycle.
const UPWARD_PATTERNS = [{ group: ["@/app/*", "@/components/*"], message: "lib/ never imports app/ or components/." }];

const restrictImports = (paths, patterns) => ({ "no-restricted-imports": ["error", { paths, patterns }] });

const layerRules = [
  { files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"], rules: restrictImports(LAYER_PATHS, [...LAYER_PATTERNS, ...TOOLING_PATTERNS]) },
  { files: ["lib/**/*.{ts,tsx,js}", "server/**/*.{mjs,ts}", "proxy.ts", "instrumentation.ts"], rules: restrictImports([], TOOLING_PATTERNS) },
  { files: ["lib/**/*.{ts,tsx,js}"], rules: restrictImports([], [...TOOLING_PATTERNS, ...UPWARD_PATTERNS]) },
  // Tests may start the emulator in-process and use the test support; the layer rules still hold for them.
  { files: ["app/**/*.test.{ts,tsx}", "components/**/*.test.{ts,tsx}"], rules: restrictImports(LAYER_PATHS, LAYER_PATTERNS) },
  { files: ["lib/**/*.test.ts", "server/**/*.test.ts"], rules: restrictImports([], []) },
];

// The workspaces (the emulator, the local stack) stand on their own: nothing from the app, by alias or by path.
const packageRule = {
  files: ["packages/**/*.{ts,tsx,js,mjs,cjs}"],
  rules: restrictImports([], [{ group: ["@/*"], message: "A package imports nothing from the app." }]),
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
// tooling (tests, and testing/ outside lib) drives the emulator directly.
const stripeGatewayRule = {
  files: ["lib/**/*.ts", "server/**/*.{ts,mts,mjs}"],
  ignores: ["lib/stripe/**", "**/*.test.ts"],
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
  ...layerRules,
  componentRule,
  packageRule,
  {
    // eslint-config-next registers the import plugin for these files only.
    files: ["**/*.{js,jsx,mjs,ts,tsx,mts,cts}"],
    rules: {
      // No relative path into another package.json's folder: the app imports a workspace by its name, and a
      // workspace never reaches into the app.
      "import/no-relative-packages": "error",
    },
  },
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
