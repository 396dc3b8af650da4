import http from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, expectHydrated, kaleyraContactsCallback, keepScreenshot, signedOut, test } from "./fixtures";
import { testServers } from "./test-servers";

/*
 * Regression tests for what an outside review of the production build found (issue 8), each
 * through the real server: pages that show stored input stay small whatever it holds, long text
 * wraps, masked numbers are never turned into other numbers, and every response carries its headers.
 */

const main = testServers.main;

test("/deliveries stays under 200 KB for 50 entries however their bodies are shaped, and loads a body only when opened", async ({ page, request, unique, postCallback }) => {
  // 20 bodies of ~8 KB nested 3,800 deep: pretty-printed into the page they once made it 1 GB.
  const callbackIds: number[] = [];
  for (let index = 0; index < 20; index++) {
    const body = kaleyraContactsCallback({ messageId: unique.messageId(`deep-${index}`), cards: [{ name: { formatted_name: `Deep ${index} ${unique.surname}` } }] });
    const raw = JSON.stringify(body).replace(/}$/, `,"nested":${"[".repeat(3800)}${"]".repeat(3800)}}`);
    const response = await request.post("/api/callbacks/whatsapp", { headers: { "x-callback-token": main.callbackToken!, "content-type": "application/json" }, data: raw });
    expect(response.status()).toBe(200);
    callbackIds.push(((await response.json()) as { callbackId: number }).callbackId);
  }
  // …and a few near the 1 MiB limit.
  for (let index = 0; index < 3; index++) {
    const body = kaleyraContactsCallback({ messageId: unique.messageId(`big-${index}`), cards: [{ name: { formatted_name: `Big ${index} ${unique.surname}` } }] });
    const raw = JSON.stringify(body).replace(/}$/, `,"padding":"${"p".repeat(1_000_000)}"}`);
    await postCallback(JSON.parse(raw) as object);
  }

  const html = await (await request.get(`/deliveries?before=${Math.max(...callbackIds) + 100}`)).text();
  expect(html.length).toBeLessThan(200 * 1024);
  const detailId = (await (await request.get(`/api/contacts?q=${encodeURIComponent(`Deep 0 ${unique.surname}`)}`)).json()) as { items: { id: number }[] };
  const detailHtml = await (await request.get(`/contacts/${detailId.items[0]!.id}`)).text();
  expect(detailHtml.length).toBeLessThan(200 * 1024);

  // Opened, a body arrives as received (indenting it would make it enormous), still bounded.
  await page.goto(`/deliveries?before=${callbackIds[0]! + 1}`);
  const row = page.getByRole("listitem", { name: `Callback ${callbackIds[0]}` });
  const rawBody = row.getByText("Raw body");
  await expectHydrated(rawBody);
  await rawBody.click();
  await expect(row).toContainText("Shown as received (indenting it would make it much larger).");
  await expect(row).toContainText(`Deep 0 ${unique.surname}`);
  await expect(row.getByRole("link", { name: "Download exactly as received" })).toHaveAttribute("href", `/api/deliveries/${callbackIds[0]}/body?download=1`);
});

test("a 2 MiB chunked body gets its 413, never a connection reset", async () => {
  for (let attempt = 0; attempt < 3; attempt++) {
    const outcome = await postChunked(2 * 1024 * 1024, 16 * 1024, attempt);
    expect(outcome).toMatchObject({ status: 413, error: null });
  }
});

test("long unbroken text wraps at 375 px on the cards, the table, the detail page and /deliveries", async ({ page, unique, postCallback }, testInfo) => {
  const word = (length: number, letter: string) => `${unique.tag}${letter.repeat(length - unique.tag.length)}`;
  const accepted = await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("long"),
      sender: { waId: unique.phone().digits, name: word(256, "s") },
      extraInfo: { ref: word(512, "r"), ref1: word(512, "q"), trace_id: word(512, "t") },
      cards: [
        {
          name: { formatted_name: word(256, "n"), first_name: word(256, "f"), last_name: word(256, "l") },
          phones: [{ phone: word(64, "9"), type: word(256, "y") }],
          emails: [{ email: `${word(300, "e")}@example.com` }],
          org: { company: word(256, "c"), title: word(256, "h") },
          addresses: [{ street: word(512, "a"), city: word(512, "i") }],
          urls: [{ url: `https://example.com/${word(2000, "u")}` }],
        },
      ],
    }),
  );
  await page.setViewportSize({ width: 375, height: 812 });
  const widthFits = async (where: string) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${where} is ${width}px wide`).toBeLessThanOrEqual(375);
  };
  await page.goto(`/?q=${unique.tag}`);
  await expect(page.getByRole("article")).toHaveCount(1);
  await widthFits("the inbox");
  await keepScreenshot(page, testInfo, "long-text-inbox-375");
  await page.goto(`/?q=${unique.tag}&view=table`);
  await expect(page.getByRole("table")).toBeVisible();
  await widthFits("the table view");
  await page.getByRole("link", { name: word(256, "n") }).click();
  // The inbox has a level-1 heading too: wait for the contact's page itself.
  await expect(page).toHaveURL(/\/contacts\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await widthFits("the detail page");
  await keepScreenshot(page, testInfo, "long-text-detail-375");
  await page.goto(`/deliveries?before=${accepted.callbackId + 1}`);
  await widthFits("/deliveries");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/?q=${unique.tag}`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "the inbox at 1280 px").toBeLessThanOrEqual(1280);
});

test("the documented sample's masked numbers are shown as received, never trimmed into other numbers", async ({ page, request, postCallback }) => {
  const sample = readFileSync(path.join(__dirname, "..", "samples", "kaleyra-contact-message.json"), "utf8");
  await postCallback(JSON.parse(sample) as object);
  const { items } = (await (await request.get("/api/contacts?q=Rajat")).json()) as { items: { id: number }[] };
  await page.goto(`/contacts/${items[0]!.id}`);
  const card = page.getByRole("article");
  await expect(card).toContainText("919XXXXXXXX5");
  await expect(card).not.toContainText("+9195");
  // A masked phone is not dialled, and no chat is offered for a masked wa_id.
  await expect(card.getByRole("link", { name: /^\+91 9XXXXXX 987$/ })).toHaveCount(0);
  await expect(card.getByRole("link", { name: /Chat on WhatsApp/ })).toHaveCount(0);
  const details = page.getByRole("region", { name: "Message details" });
  await expect(details).toContainText("91XXXXXXXXXX");
});

test("a card's email becomes a mailto: link only when it is an address, so nothing is smuggled into a mail", async ({ inbox, page, unique, postCallback }) => {
  await postCallback(
    kaleyraContactsCallback({
      messageId: unique.messageId("mailto"),
      cards: [{ name: { formatted_name: `Mail ${unique.surname}` }, emails: [{ email: "ana@example.es" }, { email: "a@b.co?cc=boss@evil.example&body=hi" }] }],
    }),
  );
  await inbox.goto({ q: unique.surname });
  const card = inbox.card(`Mail ${unique.surname}`);
  await expect(card.getByRole("link", { name: "ana@example.es" })).toHaveAttribute("href", "mailto:ana@example.es");
  await expect(card.getByText("a@b.co?cc=boss@evil.example&body=hi")).toBeVisible();
  await expect(card.getByRole("link", { name: /evil/ })).toHaveCount(0);
  expect(await page.locator('a[href*="cc="]').count()).toBe(0);
});

test("every response carrying contacts says no-store, and every response has a Content-Security-Policy", async ({ request, playwright, baseURL }) => {
  const { items } = (await (await request.get("/api/contacts?pageSize=1")).json()) as { items: { id: number }[] };
  const id = items[0]?.id ?? 1;
  for (const route of ["/api/contacts?pageSize=1", `/api/contacts/${id}`, `/api/contacts/${id}/vcard`, "/api/campaigns", "/api/contacts/updates?after=0", "/api/contacts/export.csv?pageSize=1&q=zzzzzz", "/api/health"]) {
    const response = await request.get(route);
    expect(response.headers()["cache-control"], route).toContain("no-store");
    expect(response.headers()["content-security-policy"], route).toMatch(/default-src 'none'/);
  }
  for (const page of ["/", `/contacts/${id}`, "/deliveries"]) {
    expect((await request.get(page)).headers()["cache-control"], page).toContain("no-store");
  }
  const anonymous = await playwright.request.newContext({ baseURL, storageState: signedOut });
  try {
    for (const [what, response] of [
      ["the proxy's redirect", await anonymous.get("/deliveries", { maxRedirects: 0 })],
      ["a 404 without a session", await anonymous.get("/no-such-page", { maxRedirects: 0 })],
      ["the proxy's 401", await anonymous.get("/api/contacts")],
      ["a prefetch", await request.get("/deliveries", { headers: { "next-router-prefetch": "1", rsc: "1" } })],
      ["a static file", await anonymous.get("/icon.svg")],
      ["a 404 API route", await anonymous.get("/api/no-such-route")],
    ] as const) {
      expect(response.headers()["content-security-policy"], what).toBeTruthy();
    }
  } finally {
    await anonymous.dispose();
  }
});

test("/admin shows when each API token was last used, its expiry, and who made it", async ({ page, playwright, baseURL, unique }) => {
  const name = `expiring ${unique.tag}`;
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Create API token" });
  await expectHydrated(form.getByLabel("Token name"));
  await form.getByLabel("Token name").fill(name);
  await form.getByLabel("Expires").selectOption("30");
  await form.getByRole("button", { name: "Create token" }).click();
  const token = ((await page.getByTestId("new-token").textContent()) ?? "").trim();
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await expect(page.getByRole("main")).toContainText(`It expires on ${expires}`);
  await page.reload();
  const listed = page.getByRole("listitem", { name: `Token ${name}`, exact: true });
  await expect(listed).toContainText("never used");
  await expect(listed).toContainText(`expires ${expires}`);
  await expect(listed).toContainText(`by ${main.agent!.email}`);

  const client = await playwright.request.newContext({ baseURL, storageState: signedOut });
  expect((await client.get("/api/contacts?pageSize=1", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
  await client.dispose();
  await page.reload();
  await expect(listed).toContainText("last used");
});

/** POSTs `total` bytes chunked, `chunk` at a time with a pause between, and reports the status the server answered or the socket error. */
function postChunked(total: number, chunk: number, seed: number): Promise<{ status: number | null; error: string | null }> {
  return new Promise((resolve) => {
    const request = http.request(new URL("/api/callbacks/whatsapp", main.url), {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked", "x-callback-token": main.callbackToken! },
    });
    let sent = 0;
    const piece = Buffer.alloc(chunk, 0x20);
    const timer = setInterval(() => {
      if (sent >= total) {
        clearInterval(timer);
        request.end();
        return;
      }
      sent += chunk;
      request.write(piece);
    }, 1 + (seed % 2));
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => {
        clearInterval(timer);
        resolve({ status: response.statusCode ?? null, error: null });
      });
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      clearInterval(timer);
      resolve({ status: null, error: error.code ?? error.message });
    });
  });
}
