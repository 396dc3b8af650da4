import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { buildDemoCallbacks } from "../scripts/demo-callbacks";
import { expect, test, type Inbox } from "./fixtures";

/*
 * Screenshots for a person to look at (not compared against a baseline): the inbox, the table and
 * a contact page, at desktop width and at 375 px, with the demo set's realistic data. They are saved
 * in e2e/.artifacts/ and attached to the report. The demo set has fixed message ids, so posting it
 * from every test stores it once; every other test filters by its own values and never sees it.
 */

const widths = [1280, 375] as const;

test.beforeEach(async ({ postCallback }) => {
  for (const { body } of buildDemoCallbacks()) await postCallback(body as object);
});

for (const width of widths) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width === 375 ? 812 : 900 } });

    test("the inbox", async ({ page, inbox }, testInfo) => {
      await inbox.goto({ pageSize: "12" });
      await expect(inbox.cards).toHaveCount(12);
      await settle(inbox);
      await keepScreenshot(page, testInfo, `inbox-${width}`);
    });

    test("the table view", async ({ page, inbox }, testInfo) => {
      await inbox.goto({ view: "table", pageSize: "20" });
      await expect(inbox.table.getByRole("row")).toHaveCount(21);
      await settle(inbox);
      await keepScreenshot(page, testInfo, `table-${width}`);
    });

    test("a contact page", async ({ page, request }, testInfo) => {
      const response = await request.get(`/api/contacts?message=${encodeURIComponent("wamid.DEMO0000")}`);
      const { items } = (await response.json()) as { items: { id: number; position: number }[] };
      const first = items.find((item) => item.position === 0);
      expect(first, "the demo set's first message is stored").toBeDefined();
      await page.goto(`/contacts/${first?.id}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dr. Tomás Núñez-García Jr.");
      await expect(page.getByRole("time").first()).toHaveText(/ago|now|yesterday/);
      await keepScreenshot(page, testInfo, `contact-${width}`);
    });
  });
}

/** Waits for what changes right after load: the relative times the browser fills in. */
async function settle(inbox: Inbox): Promise<void> {
  await expect(inbox.page.getByRole("time").first()).toHaveText(/ago|now|yesterday/);
}

async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = path.join(testInfo.project.testDir, ".artifacts");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}
