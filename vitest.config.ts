import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\/(.*)$/, replacement: `${root}$1` },
      // `server-only` throws outside React's server bundle; under vitest every module is server code.
      { find: /^server-only$/, replacement: `${root}packages/local-stack/vitest/server-only-stub.ts` },
    ],
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", ".next/**", ".data/**", "e2e/**"],
    environment: "node",
    // A fresh, migrated PostgreSQL database per run (DATABASE_URL's server, or a throwaway embedded one).
    globalSetup: ["./packages/local-stack/vitest/global-setup.ts"],
    // Each worker's files on that worker's own copy of the database (global-setup.ts makes one per worker).
    setupFiles: ["./packages/local-stack/vitest/worker-database.ts"],
    // Integration tests mostly wait (on PostgreSQL, the emulator, scrypt): one file per core at least, where vitest
    // would run one file at a time on 2 cores (its default is cores − 1).
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
