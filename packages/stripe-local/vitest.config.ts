import { defineConfig } from "vitest/config";

// The emulator's own suite needs no database: no global setup, unlike the app's root config (which also runs
// these files as part of `npm test`).
export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
