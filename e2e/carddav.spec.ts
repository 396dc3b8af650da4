import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { run } from "../test/address-book-clients";
import { addAgentOnAdmin, expect, expectHydrated, kaleyraContactsCallback, signedOut, signIn, test } from "./fixtures";

/*
 * CardDAV with real clients against the production build: an agent makes an app password on
 * /account, Debian's vdirsyncer discovers the address books from the server's root (through
 * /.well-known/carddav) and syncs them into a folder, and khard lists what arrived. Then a share is
 * posted and another deleted on the server, and the next sync brings both changes.
 */

/**
 * An agent of the test's own, added on /admin and signed in in a browser of their own. A refused
 * app password counts as a failed sign-in of its account, and these tests try revoked ones on
 * purpose: on the shared admin account, ten of those in 15 minutes (vdirsyncer's retries add up)
 * lock it, and every other test signing in or syncing as admin gets 429.
 */
async function ownAgent(page: Page, browser: Browser, unique: { tag: string; surname: string }): Promise<{ email: string; page: Page; close(): Promise<void> }> {
  const agent = { email: `dav.${unique.tag}@e2e.example`, name: `Dav ${unique.surname}`, password: `dav-password-${unique.tag}` };
  await addAgentOnAdmin(page, agent);
  const context = await browser.newContext({ storageState: signedOut });
  const theirPage = await context.newPage();
  await theirPage.goto("/account");
  await signIn(theirPage, agent);
  await expect(theirPage).toHaveURL(/\/account$/);
  return { email: agent.email, page: theirPage, close: () => context.close() };
}

/** Creates an app password on /account and answers it (read from the page, where it is shown once). */
async function createAppPassword(page: Page, name: string): Promise<string> {
  await page.goto("/account");
  const form = page.getByRole("form", { name: "Create app password" });
  const nameInput = form.getByLabel(/^Name/);
  await expectHydrated(nameInput);
  await nameInput.fill(name);
  await form.getByRole("button", { name: "Create app password" }).click();
  const shown = page.getByTestId("new-app-password");
  await expect(shown).toHaveText(/^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
  return (await shown.textContent())!;
}

async function revokeAppPassword(page: Page, name: string): Promise<void> {
  await page.goto("/account");
  const item = page.getByRole("listitem", { name: `App password ${name}` });
  const revoke = item.getByRole("button", { name: `Revoke ${name}` });
  await expectHydrated(revoke);
  await revoke.click();
  await expect(item).toContainText("revoked");
}

function basic(email: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}` };
}

test("an agent creates an app password on /account: shown once, listed with its last use, and revoked it stops working", async ({ page: adminPage, browser, unique, baseURL }) => {
  const agent = await ownAgent(adminPage, browser, unique);
  const page = agent.page;
  const name = `Phone ${unique.surname}`;
  const password = await createAppPassword(page, name);
  await expect(page.getByTestId("carddav-server")).toHaveText(`${baseURL}/dav/`);
  await expect(page.getByText(agent.email, { exact: true }).first()).toBeVisible();

  // Gone after a reload: listed by name and its first characters only.
  await page.reload();
  await expect(page.getByTestId("new-app-password")).toHaveCount(0);
  expect(await page.content()).not.toContain(password);
  const item = page.getByRole("listitem", { name: `App password ${name}` });
  await expect(item).toContainText(`${password.slice(0, 5)}…`);
  await expect(item).toContainText("never used");

  const propfind = () => page.request.fetch("/dav/", { method: "PROPFIND", headers: { ...basic(agent.email, password), depth: "0" } });
  expect((await propfind()).status()).toBe(207);
  await page.reload();
  await expect(item).toContainText("last used");

  await revokeAppPassword(page, name);
  expect((await propfind()).status()).toBe(401);
  await agent.close();
});

test("vdirsyncer syncs the address books into a folder and khard lists the contacts; a new share arrives and a deleted one goes on the next sync", async ({ page, browser, unique, postCallback, baseURL }) => {
  test.slow();
  const agent = await ownAgent(page, browser, unique);
  const campaign = unique.campaign("carddav");
  const phones = [unique.phone(), unique.phone(), unique.phone(), unique.phone()];
  const names = ["Ada", "Grace", "Katherine"].map((first) => `${first} ${unique.surname}`);
  await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("dav-1"),
      extraInfo: { ref1: campaign },
      cards: [
        { name: { formatted_name: names[0], first_name: "Ada", last_name: unique.surname }, phones: [{ phone: phones[0]!.display, wa_id: phones[0]!.digits, type: "CELL" }] },
        { name: { formatted_name: names[1] }, phones: [{ phone: phones[1]!.display, type: "WORK" }] },
      ],
    }),
  );
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("dav-2"), extraInfo: { ref2: campaign }, cards: [{ name: { formatted_name: names[2] }, phones: [{ phone: phones[2]!.display }] }] }));
  // Not in the campaign: only in "all".
  const outsider = `Outsider ${unique.surname}`;
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("dav-3"), cards: [{ name: { formatted_name: outsider } }] }));

  const appPasswordName = `vdirsyncer ${unique.surname}`;
  const password = await createAppPassword(agent.page, appPasswordName);
  const folder = mkdtempSync(path.join(os.tmpdir(), "contact-inbox-carddav-"));
  writeFileSync(path.join(folder, "password"), password);
  const campaignBook = `campaign-${Buffer.from(campaign).toString("base64url")}`;
  // Discovery starts from the bare server, as a person would type it.
  writeFileSync(
    path.join(folder, "vdirsyncer.conf"),
    `[general]
status_path = "${folder}/status/"

[pair contacts]
a = "server"
b = "local"
collections = ["all", "${campaignBook}"]
conflict_resolution = "a wins"

[storage server]
type = "carddav"
url = "${baseURL}/"
username = "${agent.email}"
password.fetch = ["command", "cat", "${folder}/password"]
read_only = true

[storage local]
type = "filesystem"
path = "${folder}/contacts/"
fileext = ".vcf"
`,
  );
  writeFileSync(
    path.join(folder, "khard.conf"),
    `[addressbooks]
[[all]]
path = ${folder}/contacts/all/
[[campaign]]
path = ${folder}/contacts/${campaignBook}/

[general]
default_action = list

[contact table]
display = formatted_name
show_uids = yes

[vcard]
skip_unparsable = no
`,
  );
  const env = { ...process.env, VDIRSYNCER_CONFIG: path.join(folder, "vdirsyncer.conf") };
  const vdirsyncer = (...args: string[]) => run("/usr/bin/vdirsyncer", args, { env, input: "y\n".repeat(10) });
  const khard = (...args: string[]) => run("/usr/bin/khard", ["-c", path.join(folder, "khard.conf"), ...args]);
  /** khard's phone list of one address book: "name → numbers". */
  const phoneBook = (book: string) => {
    const lines = khard("phone", "--parsable", "-a", book).trim().split("\n").filter(Boolean);
    const byName = new Map<string, string[]>();
    for (const line of lines) {
      const [number, name] = line.split("\t");
      byName.set(name!, [...(byName.get(name!) ?? []), number!.replace(/[^\d+]/g, "")]);
    }
    return byName;
  };
  const namesIn = (book: string) =>
    khard("list", "--parsable", "-a", book)
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("\t")[1]!)
      .sort();

  vdirsyncer("discover");
  vdirsyncer("sync");
  expect(readdirSync(path.join(folder, "contacts"))).toEqual(expect.arrayContaining(["all", campaignBook]));
  // The campaign's book holds exactly its three shares (ref1 or ref2), each with its phone.
  expect(namesIn("campaign")).toEqual([...names].sort());
  const campaignPhones = phoneBook("campaign");
  for (const [index, name] of names.entries()) expect(campaignPhones.get(name), name).toEqual([phones[index]!.digits.replace(/^/, "+")]);
  // "All" has them too, and the outsider; as many cards as the server holds.
  const allNames = namesIn("all");
  expect(allNames).toEqual(expect.arrayContaining([...names, outsider]));

  // On the server: one more share in the campaign, and Grace deleted.
  const newcomer = `Newcomer ${unique.surname}`;
  await postCallback(kaleyraContactsCallback({ messageId: unique.messageId("dav-4"), extraInfo: { ref: campaign }, cards: [{ name: { formatted_name: newcomer }, phones: [{ phone: phones[3]!.display }] }] }));
  const grace = ((await (await page.request.get(`/api/contacts?q=${encodeURIComponent(names[1]!)}`)).json()) as { items: { id: number }[] }).items[0]!.id;
  const deleted = await page.request.delete(`/api/contacts/${grace}`, { headers: { origin: baseURL! } });
  expect(deleted.status()).toBe(204);

  vdirsyncer("sync");
  expect(namesIn("campaign")).toEqual([names[0]!, names[2]!, newcomer].sort());
  expect(phoneBook("campaign").get(newcomer)).toEqual([`+${phones[3]!.digits}`]);
  const allAfter = namesIn("all");
  expect(allAfter).toContain(newcomer);
  expect(allAfter).not.toContain(names[1]);

  // Revoked: the next sync is refused.
  await revokeAppPassword(agent.page, appPasswordName);
  expect(() => vdirsyncer("sync")).toThrow(/401|Unauthorized|Forbidden/i);
  await agent.close();
});
