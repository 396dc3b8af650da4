import { expect, test } from "./fixtures";

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test("the header leads to the account page, which offers signing out, and nothing runs off the screen", async ({ page }) => {
    await page.goto("/");
    const header = page.getByRole("banner");
    // The address does not fit: a glyph link stands in for it, and sign-out moves to the account page.
    await expect(header.getByRole("button", { name: "Sign out" })).toBeHidden();
    await header.getByRole("link", { name: /^Your account/ }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    for (const path of ["/", "/account"]) {
      await page.goto(path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
    }
  });
});

test("on a wide screen the header shows the agent's address and Sign out, and the account page has no second Sign out", async ({ page }) => {
  await page.goto("/account");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(1);
  await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: /@/ })).toBeVisible();
});
