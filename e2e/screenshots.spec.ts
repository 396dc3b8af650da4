import { buildDemoCallbacks } from "../scripts/demo-callbacks";
import { expect, expectHydrated, keepScreenshot, signedOut, test, type Inbox } from "./fixtures";

/*
 * Screenshots for a person to look at (not compared against a baseline): the inbox, the table,
 * a contact page and the sign-in page, at desktop width and at 375 px, with the demo set's realistic
 * data. (The setup page is shot by first-run.spec.ts, the only test that sees it.) They are saved
 * in e2e/.artifacts/ and attached to the report. The demo set has fixed message ids, so posting it
 * from every test stores it once; every other test filters by its own values and never sees it.
 */

const widths = [1280, 375] as const;

const postDemoSet = async (postCallback: (body: object) => Promise<unknown>) => {
  for (const { body } of buildDemoCallbacks()) await postCallback(body as object);
};

for (const width of widths) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width === 375 ? 812 : 900 } });

    test("the inbox", async ({ page, inbox, postCallback }, testInfo) => {
      await postDemoSet(postCallback);
      await inbox.goto({ pageSize: "12" });
      await expect(inbox.cards).toHaveCount(12);
      await settle(inbox);
      await keepScreenshot(page, testInfo, `inbox-${width}`);
    });

    test("the table view", async ({ page, inbox, postCallback }, testInfo) => {
      await postDemoSet(postCallback);
      await inbox.goto({ view: "table", pageSize: "20" });
      await expect(inbox.table.getByRole("row")).toHaveCount(21);
      await settle(inbox);
      await keepScreenshot(page, testInfo, `table-${width}`);
    });

    test("a contact page", async ({ page, request, postCallback }, testInfo) => {
      await postDemoSet(postCallback);
      const response = await request.get(`/api/contacts?message=${encodeURIComponent("wamid.DEMO0000")}`);
      const { items } = (await response.json()) as { items: { id: number; position: number }[] };
      const first = items.find((item) => item.position === 0);
      expect(first, "the demo set's first message is stored").toBeDefined();
      await page.goto(`/contacts/${first?.id}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dr. Tomás Núñez-García Jr.");
      await expect(page.getByRole("time").first()).toHaveText(/ago|now|yesterday/);
      await keepScreenshot(page, testInfo, `contact-${width}`);
    });

    test.describe("signed out", () => {
      test.use({ storageState: signedOut });

      test("the sign-in page", async ({ page }, testInfo) => {
        await page.goto("/");
        await expect(page).toHaveURL(/\/sign-in$/);
        await expectHydrated(page.getByLabel("Email"));
        await keepScreenshot(page, testInfo, `sign-in-${width}`);
      });
    });
  });
}

/** Waits for what changes right after load: the relative times the browser fills in. */
async function settle(inbox: Inbox): Promise<void> {
  await expect(inbox.page.getByRole("time").first()).toHaveText(/ago|now|yesterday/);
}
