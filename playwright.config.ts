import { availableParallelism } from "node:os";
import { defineConfig } from "@playwright/test";

// Debian's chromium: Playwright cannot download its own browser on these machines.
export const CHROMIUM_PATH = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  // A subfolder: Playwright empties its output folder at start, and vitest's report sits beside it.
  outputDir: "test-results/e2e",
  // Files run in parallel, each file's tests in order in one worker (a file may opt into parallel tests, as the page
  // tour does). One worker per core, at most two (more would mostly add contention for the one app and database, and
  // races on the shared demo accounts): on the 2-core machines this project is tested on, one worker left the second
  // core mostly idle (the browser, the app and PostgreSQL take turns). The tests share one app and database, so each
  // signs up its own tenant or only reads the seeded demo accounts. E2E_WORKERS overrides, for example 1 to debug.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS) || Math.min(2, availableParallelism()),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  globalSetup: "./e2e/global-setup.ts",
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    // Set by the global setup, which starts the app on a free port.
    baseURL: process.env.E2E_BASE_URL,
    headless: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-sync",
      ],
    },
  },
});
