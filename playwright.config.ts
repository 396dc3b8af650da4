import { defineConfig } from "@playwright/test";
import { assertTestDatabase } from "./e2e/assert-test-database";
import { testServers } from "./e2e/test-servers";

// Playwright cannot download its browsers here: drive Debian's Chromium.
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * End-to-end tests against the production build (`npm run test:e2e` builds it first).
 * Each webServer runs `next start` on a fixed port with a throw-away SQLite file: see e2e/README.md.
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  // Two cores shared by two browsers, the servers and whatever else runs: room for a slow moment.
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: testServers.main.url,
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    locale: "en-US",
    timezoneId: "UTC",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs },
  },
  projects: [
    // Signs in through the real /sign-in form once per server and saves the cookies (e2e/.auth/, gitignored).
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    { name: "e2e", dependencies: ["setup"], use: { storageState: testServers.main.storageState } },
  ],
  webServer: Object.values(testServers).map((server) => ({
    command: "node --import tsx e2e/start-server.ts",
    url: `${server.url}/api/health`,
    env: { E2E_SERVER: server.name, DATABASE_PATH: assertTestDatabase(server.databasePath) },
    // The first-run and guard servers must start with no agent: a server left running from an earlier run has one.
    reuseExistingServer: !process.env.CI && server.name !== "fresh" && server.name !== "guard",
    timeout: 60_000,
    // SIGTERM, not the default SIGKILL: start-server.ts then stops next start and, on PostgreSQL, its
    // throw-away cluster (killed outright, the cluster would keep running and hold its port).
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 15_000 },
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  })),
});
