import { expect, keepScreenshot, kaleyraContactsCallback, test, type KaleyraContactCard } from "./fixtures";

/*
 * The campaign page: a chart of shares per day stacked by campaign, a table per campaign, and
 * links from both into the inbox. Each test posts its shares on days long past (a range no other
 * test writes to) under campaign values only it uses, and looks only at those.
 */

const dayMs = 86_400_000;
const iso = (time: number) => new Date(time).toISOString().slice(0, 10);
/** A 10-day range ending 300 days ago, at noon UTC on each day. */
const rangeStart = Math.floor((Date.now() - 310 * dayMs) / dayMs) * dayMs;
const dayAt = (n: number) => new Date(rangeStart + n * dayMs + 12 * 3600_000);
const from = iso(rangeStart);
const to = iso(rangeStart + 9 * dayMs);

test("the chart has a bar per day the campaign brought shares, and the table counts senders and contacts", async ({ page, postCallback, unique }) => {
  const spring = unique.campaign("spring");
  const autumn = unique.campaign("autumn");
  const anna = unique.sender("Anna");
  const ben = unique.sender("Ben");
  const repeat: KaleyraContactCard = { name: { formatted_name: `Rita ${unique.surname}` }, phones: [{ phone: unique.phone().display }] };
  // spring: days 1, 3 and 4 (two shares of the same person on day 3, from two senders); autumn: day 3.
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("s1"), sender: anna, sentAt: dayAt(1), extraInfo: { ref: spring }, cards: [repeat] }));
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("s3a"), sender: anna, sentAt: dayAt(3), extraInfo: { ref: spring, ref1: autumn }, cards: [repeat] }));
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("s3b"), sender: ben, sentAt: dayAt(3), extraInfo: { ref2: spring }, cards: [{ name: { formatted_name: `Other ${unique.surname}` } }] }));
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("s4"), sender: ben, sentAt: dayAt(4), extraInfo: { ref: spring }, cards: [repeat] }));

  await page.goto(`/campaigns?from=${from}&to=${to}`);
  await expect(page.getByRole("heading", { level: 1, name: "Campaigns" })).toBeVisible();
  // The header marks the section shown.
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Campaigns" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Inbox" })).not.toHaveAttribute("aria-current");
  const chart = page.getByRole("figure");
  // One bar part per day with a spring share, each a link named with its day and count.
  await expect(chart.getByRole("link", { name: new RegExp(`campaign ${spring}:`) })).toHaveCount(3);
  await expect(chart.getByRole("link", { name: new RegExp(`campaign ${autumn}:`) })).toHaveCount(1);
  // The table for screen readers has a row per day of the range.
  const dataTable = chart.getByRole("table");
  await expect(dataTable.getByRole("row")).toHaveCount(1 + 10);

  const row = page.getByRole("table", { name: /Campaigns in the period/ }).getByRole("row", { name: new RegExp(spring) });
  // spring: 4 shares, 2 senders, 2 contacts (Rita three times by phone, Other once), first day 1, last day 4.
  const cells = row.getByRole("cell");
  const shortDate = (date: Date) => date.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  await expect(cells.nth(0)).toHaveText("4");
  await expect(cells.nth(1)).toHaveText("2");
  await expect(cells.nth(2)).toHaveText("2");
  await expect(cells.nth(3)).toHaveText(shortDate(dayAt(1)));
  await expect(cells.nth(4)).toHaveText(shortDate(dayAt(4)));
  await expect(row.getByRole("link", { name: `CSV of the ${spring} shares` })).toHaveAttribute("href", `/api/contacts/export.csv?campaign=${spring}&from=${from}&to=${to}`);

  // A bar filters the inbox to its campaign and day.
  await chart.getByRole("link", { name: new RegExp(`campaign ${spring}: 2 shares`) }).click();
  await expect(page).toHaveURL(new RegExp(`/\\?campaign=${spring}&from=${iso(dayAt(3).getTime())}&to=${iso(dayAt(3).getTime())}$`));
  await expect(page.getByRole("region", { name: "Contacts" }).getByRole("article")).toHaveCount(2);
});

test("the field picks which ref counts, and a table row opens the inbox for the whole period", async ({ page, postCallback, unique }) => {
  const summer = unique.campaign("summer");
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("a"), sentAt: dayAt(2), extraInfo: { ref1: summer }, cards: [{ name: { formatted_name: `A ${unique.surname}` } }] }));
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("b"), sentAt: dayAt(6), extraInfo: { ref: summer }, cards: [{ name: { formatted_name: `B ${unique.surname}` } }] }));

  await page.goto(`/campaigns?from=${from}&to=${to}`);
  await page.getByRole("navigation", { name: "Campaign field" }).getByRole("link", { name: "ref1" }).click();
  await expect(page).toHaveURL(/field=ref1/);
  await expect(page.getByRole("figure").getByRole("link", { name: new RegExp(`campaign ${summer}:`) })).toHaveCount(1);
  await page.getByRole("table", { name: /Campaigns in the period/ }).getByRole("link", { name: summer, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/\\?ref1=${summer}&from=${from}&to=${to}$`));
  await expect(page.getByRole("region", { name: "Contacts" }).getByRole("article")).toHaveCount(1);
});

test("the header links to the page, bars are reached by keyboard, and a bad period is named", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Campaigns" }).click();
  await expect(page).toHaveURL(/\/campaigns$/);
  await expect(page.getByRole("figure").getByRole("table")).toBeAttached();

  // A bar is a link: focused, it is named with its values, and Enter opens its shares.
  await page.goto(`/campaigns?from=${from}&to=${to}`);
  const bar = page.getByRole("figure").getByRole("link").first();
  await bar.focus();
  await expect(bar).toBeFocused();
  await expect(bar).toHaveAccessibleName(/: \d+ shares?$/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/\?.*from=/);
  await page.goto("/campaigns?from=2025-02-30");
  await expect(page.getByRole("alert").filter({ hasText: "can’t show" })).toContainText("from must be a date written YYYY-MM-DD");
});

for (const width of [1280, 375] as const) {
  test(`screenshot at ${width} px`, async ({ page, postCallback, unique }, testInfo) => {
    test.skip(testInfo.project.name !== "e2e");
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    const campaigns = ["spring", "summer", "autumn", "winter", "launch", "retarget", "promo"].map((label) => unique.campaign(label));
    for (let day = 0; day < 10; day++) {
      for (let c = 0; c < campaigns.length; c++) {
        const shares = (day * 3 + c * 5) % (8 - c);
        if (shares === 0) continue;
        const cards = Array.from({ length: shares }, (_, s) => ({ name: { formatted_name: `Shot ${day}.${c}.${s} ${unique.surname}` } }));
        await postCallback(kaleyraContactsCallback({ messageId: unique.messageId(`shot-${day}-${c}`), sentAt: dayAt(day), extraInfo: { ref: campaigns[c]! }, cards }));
      }
    }
    await page.goto(`/campaigns?from=${from}&to=${to}&field=ref`);
    await expect(page.getByRole("figure")).toBeVisible();
    await keepScreenshot(page, testInfo, `campaigns-${width}`);
  });
}
