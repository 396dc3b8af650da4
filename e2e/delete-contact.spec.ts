import { expect, expectHydrated, kaleyraContactsCallback, signIn, signedOut, test } from "./fixtures";

test("an admin deletes a contact from its page: gone from the inbox, its page, its vCard and the stored callback", async ({ page, inbox, unique, postCallback }) => {
  const campaign = unique.campaign("delete");
  const phone = unique.phone();
  const accepted = await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("delete"),
      extraInfo: { ref1: campaign },
      cards: [{ name: { formatted_name: `Doomed ${unique.surname}` }, phones: [{ phone: phone.display, wa_id: phone.digits }] }, { name: { formatted_name: `Spared ${unique.surname}` } }],
    }),
  );
  const listed = (await (await page.request.get(`/api/contacts?q=${encodeURIComponent(`Doomed ${unique.surname}`)}`)).json()) as { items: { id: number }[] };
  const id = listed.items[0]!.id;

  await page.goto(`/contacts/${id}`);
  const remove = page.getByRole("button", { name: "Delete", exact: true });
  await expectHydrated(remove);
  // Asked first; cancelling changes nothing.
  await remove.click();
  const confirm = page.getByRole("group", { name: "Confirm deletion" });
  await expect(confirm).toContainText(`Delete Doomed ${unique.surname} permanently?`);
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await remove.click();
  await confirm.getByRole("button", { name: "Delete permanently" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/");

  await inbox.goto({ campaign });
  await expect(inbox.cards).toHaveCount(1);
  await expect(inbox.card(`Spared ${unique.surname}`)).toBeVisible();
  await inbox.goto({ q: phone.national });
  await expect(inbox.cards).toHaveCount(0);

  await page.goto(`/contacts/${id}`);
  await expect(page.getByRole("heading", { name: "Contact not found" })).toBeVisible();
  expect((await page.request.get(`/api/contacts/${id}/vcard`)).status()).toBe(404);

  // The log entry stays, the card taken out of its body, with a note saying so.
  const body = await (await page.request.get(`/api/deliveries/${accepted.callbackId}/body?download=1`)).text();
  expect(body).not.toContain("Doomed");
  expect(body).not.toContain(phone.digits);
  expect(body).toContain(`Spared ${unique.surname}`);
  await page.goto("/deliveries");
  const entry = page.getByRole("listitem", { name: `Callback ${accepted.callbackId}`, exact: true });
  await expect(entry).toContainText("redacted after deletion");
});

test("agents who are not admins are not offered Delete, and the API refuses them", async ({ page, browser, unique, postCallback }) => {
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("keep"), cards: [{ name: { formatted_name: `Kept ${unique.surname}` } }] }));
  const listed = (await (await page.request.get(`/api/contacts?q=${encodeURIComponent(`Kept ${unique.surname}`)}`)).json()) as { items: { id: number }[] };
  const id = listed.items[0]!.id;
  const agent = { email: `plain.${unique.tag}@e2e.example`, password: `agent-password-${unique.tag}` };
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Add agent" });
  await expectHydrated(form.getByLabel("Email"));
  await form.getByLabel("Email").fill(agent.email);
  await form.getByLabel("Password").fill(agent.password);
  await form.getByRole("button", { name: "Add agent" }).click();
  await expect(form.getByRole("status")).toContainText(`Added ${agent.email}`);

  const theirs = await browser.newContext({ storageState: signedOut });
  const theirPage = await theirs.newPage();
  await theirPage.goto(`/contacts/${id}`);
  await signIn(theirPage, agent);
  await expect(theirPage.getByRole("heading", { name: `Kept ${unique.surname}` })).toBeVisible();
  await expect(theirPage.getByRole("button", { name: "Delete", exact: true })).toHaveCount(0);
  const refused = await theirPage.request.delete(`/api/contacts/${id}`);
  expect(refused.status()).toBe(403);
  await theirs.close();
  expect((await page.request.get(`/api/contacts/${id}`)).status()).toBe(200);
});
