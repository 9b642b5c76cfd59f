import { defineConfig } from "@playwright/test";

// Debian's chromium: Playwright cannot download its own browser on these machines.
export const CHROMIUM_PATH = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  // A subfolder: Playwright empties its output folder at start, and vitest's report sits beside it.
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
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
