import type { Locator } from "@playwright/test";
import { expect, kaleyraContactsCallback, test } from "./fixtures";

/*
 * A card's buttons and links work through one handler per page (no client component per card):
 * copy buttons copy and say so, links open their page in place, and nothing is prefetched.
 */

test("copying a phone puts its number on the clipboard and says so", async ({ page, inbox, unique, postCallback, baseURL }) => {
  const campaign = unique.campaign("copy");
  const mobile = unique.phone();
  const name = `Copy ${unique.surname}`;
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("copy"), extraInfo: { ref1: campaign }, cards: [{ name: { formatted_name: name }, phones: [{ phone: mobile.display, wa_id: mobile.digits, type: "CELL" }] }] }));
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await inbox.goto({ campaign });

  await handlersReady(inbox.card(name));
  await inbox.card(name).getByRole("button", { name: `Copy phone ${mobile.display}` }).click();
  await expect(inbox.card(name).getByRole("button", { name: `Copied phone ${mobile.display}` })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`+${mobile.digits}`);
  // A moment later it offers to copy again.
  await expect(inbox.card(name).getByRole("button", { name: `Copy phone ${mobile.display}` })).toBeVisible();
});

test("a card's links open their page in place, and the inbox prefetches none of them", async ({ page, inbox, unique, postCallback }) => {
  const campaign = unique.campaign("links");
  const name = `Links ${unique.surname}`;
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("links"), extraInfo: { ref1: campaign }, cards: [{ name: { formatted_name: name }, phones: [{ phone: unique.phone().display }] }] }));
  const prefetched: string[] = [];
  page.on("request", (request) => {
    // What the card links lead to: a contact's page, or the inbox filtered by the card's campaign (the
    // Table and Next links of the page itself may prefetch).
    const url = new URL(request.url());
    const cardTarget = url.pathname.startsWith("/contacts/") || (url.pathname === "/" && url.searchParams.get("campaign") === campaign && !url.searchParams.has("view") && !url.searchParams.has("page"));
    if (request.headers()["next-router-prefetch"] && cardTarget) prefetched.push(request.url());
  });
  await inbox.goto({ campaign });
  await expect(inbox.cards).toHaveCount(1);
  await handlersReady(inbox.card(name));

  // Something only this document knows: it survives a navigation in place, not a page load.
  await page.evaluate(() => ((window as unknown as { stayedInPlace: boolean }).stayedInPlace = true));
  await inbox.card(name).getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(/\/contacts\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  expect(await page.evaluate(() => (window as unknown as { stayedInPlace?: boolean }).stayedInPlace)).toBe(true);

  // The campaign chip on the contact's page leads back to the filtered inbox, in place too.
  await handlersReady(page.getByRole("article", { name }));
  await page.getByRole("link", { name: `ref1: ${campaign}`, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`\\?campaign=${campaign}$`));
  await expect(inbox.cards).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { stayedInPlace?: boolean }).stayedInPlace)).toBe(true);
  expect(prefetched, "card links are not prefetched").toEqual([]);
});

/** The page's handlers are attached once its times read relative ("last month", not the server's date): they start together, after hydration. */
async function handlersReady(card: Locator): Promise<void> {
  await expect(card.getByRole("time")).toHaveText(/[a-z]/);
}

test("a card's icon buttons and chips show their label as a tooltip when hovered", async ({ inbox, unique, postCallback }) => {
  const campaign = unique.campaign("tips");
  const mobile = unique.phone();
  const name = `Tips ${unique.surname}`;
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("tips"), extraInfo: { ref1: campaign }, cards: [{ name: { formatted_name: name }, phones: [{ phone: mobile.display, wa_id: mobile.digits }] }] }));
  await inbox.goto({ campaign });
  const card = inbox.card(name);
  await handlersReady(card);

  for (const control of [
    card.getByRole("button", { name: `Copy phone ${mobile.display}` }),
    card.getByRole("link", { name: `Chat on WhatsApp with ${mobile.display}` }),
    card.getByRole("link", { name: `ref1: ${campaign}` }),
  ]) {
    const label = (await control.getAttribute("aria-label"))!;
    await control.hover();
    await expect(control).toHaveAttribute("title", label);
  }
  // The time's tooltip is the exact time, written by the page once it runs.
  await expect(card.locator("time")).toHaveAttribute("title", /\d{1,2}:\d{2}/);
});
