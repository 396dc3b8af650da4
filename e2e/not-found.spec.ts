import { expect, test } from "./fixtures";

for (const id of ["999999999", "abc"]) {
  test(`/contacts/${id} says "Contact not found"`, async ({ page }) => {
    await page.goto(`/contacts/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Contact not found");
    await expect(page).toHaveTitle("Contact not found · Contact Inbox");
    await page.getByRole("link", { name: "Back to the inbox" }).click();
    await expect(page.getByRole("heading", { name: "Shared contacts" })).toBeVisible();
  });

  test(`/contacts/${id} answers HTTP 404`, async ({ page }) => {
    const response = await page.goto(`/contacts/${id}`);
    expect(response?.status()).toBe(404);
  });
}

test("an unknown address shows 'Page not found' with HTTP 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});

test("the vCard of an unknown contact is a 404", async ({ request }) => {
  const response = await request.get("/api/contacts/999999999/vcard");
  expect(response.status()).toBe(404);
  expect(await response.json()).toMatchObject({ error: "No contact with that id" });
});
