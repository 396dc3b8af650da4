import { randomInt } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test as base, expect, type Download, type Locator, type Page, type TestInfo } from "@playwright/test";
import { testServerAt, type TestAgent } from "./test-servers";

/*
 * Shared fixtures. Every test posts its own data through the real callback endpoint into the one
 * shared server, so each test builds its values from `unique` (message ids, campaign values,
 * surnames, phone numbers) and filters the inbox by them: tests never see each other's contacts.
 */

// ---------------------------------------------------------------------------------------------
// Kaleyra WhatsApp API v2 contact-message callbacks

export type KaleyraName = { formatted_name?: string; first_name?: string; middle_name?: string; last_name?: string; prefix?: string; suffix?: string };
export type KaleyraPhone = { phone?: string; wa_id?: string; type?: string };
export type KaleyraEmail = { email?: string; type?: string };
export type KaleyraAddress = { street?: string; city?: string; state?: string; zip?: string; country?: string; country_code?: string; type?: string };
export type KaleyraOrg = { company?: string; department?: string; title?: string };
export type KaleyraUrl = { url?: string; type?: string };

/** One shared contact card (`messages[].contacts[]`). Kaleyra's own sample sends `phones` as a single object. */
export type KaleyraContactCard = {
  name?: KaleyraName;
  phones?: KaleyraPhone[] | KaleyraPhone;
  emails?: KaleyraEmail[];
  addresses?: KaleyraAddress[];
  org?: KaleyraOrg;
  urls?: KaleyraUrl[];
  birthday?: string;
};

export type KaleyraExtraInfo = { media_url: string; ref: string; ref1: string; ref2: string; reply_to: string; trace_id: string; waba_id: string };

export type KaleyraMessage = {
  from: string;
  /** Required by the receiver; optional here so a test can build a callback it must reject. */
  id?: string;
  /** Unix seconds, as a string. */
  timestamp: string;
  type: string;
  contacts?: KaleyraContactCard[];
  text?: { body: string };
};

export type KaleyraCallback = {
  meta_object: {
    field: "messages";
    value: {
      messaging_product: "whatsapp";
      metadata: { display_phone_number: string; phone_number_id: string };
      contacts: { profile: { name: string }; wa_id: string }[];
      messages: KaleyraMessage[];
    };
  };
  extra_info: KaleyraExtraInfo;
};

/** `display` is how the app writes the number ("+44 7911 123456"); only `waId` and `name` go into callbacks. */
export type Sender = { waId: string; name: string; display?: string };
export type Business = { displayPhoneNumber: string; phoneNumberId: string; wabaId: string };

/** The business number test callbacks go to unless a test picks another. */
export const testBusiness: Business = { displayPhoneNumber: "15550100199", phoneNumberId: "109000000000001", wabaId: "300000000000001" };

/**
 * Test contacts are sent 40 days ago unless a test says otherwise, so on the unfiltered inbox they
 * sort below the demo set (sent over the last 11 days) that the screenshots show.
 */
export const defaultSentAt = () => new Date(Date.now() - 40 * 24 * 3600 * 1000);

type MessageOptions = {
  messageId: string;
  sender?: Sender;
  business?: Business;
  sentAt?: Date;
  /** ref, ref1, ref2 (the campaign values), reply_to, trace_id…; unset ones are blank. */
  extraInfo?: Partial<KaleyraExtraInfo>;
};

/** A Kaleyra callback sharing `cards` in one contacts message. */
export function kaleyraContactsCallback(options: MessageOptions & { cards: KaleyraContactCard[] }): KaleyraCallback {
  return envelope(options, { type: "contacts", contacts: options.cards });
}

/** A Kaleyra callback carrying a text message: the receiver logs it as ignored. */
export function kaleyraTextCallback(options: MessageOptions & { text: string }): KaleyraCallback {
  return envelope(options, { type: "text", text: { body: options.text } });
}

/** The same callback with its messages' ids removed: the receiver rejects it with 400. */
export function withoutMessageIds(callback: KaleyraCallback): KaleyraCallback {
  const messages = callback.meta_object.value.messages.map(({ id: _id, ...message }) => message);
  return { ...callback, meta_object: { ...callback.meta_object, value: { ...callback.meta_object.value, messages } } };
}

function envelope(options: MessageOptions, message: Omit<KaleyraMessage, "from" | "id" | "timestamp">): KaleyraCallback {
  const sender = options.sender ?? { waId: "447700900001", name: "Test Sender" };
  const business = options.business ?? testBusiness;
  const sentAt = options.sentAt ?? defaultSentAt();
  return {
    meta_object: {
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
        contacts: [{ profile: { name: sender.name }, wa_id: sender.waId }],
        messages: [{ from: sender.waId, id: options.messageId, timestamp: String(Math.floor(sentAt.getTime() / 1000)), ...message }],
      },
    },
    extra_info: { media_url: "", ref: "", ref1: "", ref2: "", reply_to: "", trace_id: "", waba_id: business.wabaId, ...options.extraInfo },
  };
}

// ---------------------------------------------------------------------------------------------
// Values unique to one test

export type UniquePhone = {
  /** As a customer's phone writes it: "+44 7911 123456". */
  display: string;
  /** Every digit, country code first: "447911123456" (also the wa_id). */
  digits: string;
  /** The national part without spaces, what an agent types to search: "7911123456". */
  national: string;
};

export type Unique = {
  /** Six lowercase letters, fresh for every test (and every run, since a reused server keeps its data). */
  tag: string;
  /** The tag capitalised, used as a surname so names stay readable: "Qzrmbt". */
  surname: string;
  /** A campaign value only this test uses: "spring-promo-qzrmbt". */
  campaign(label: string): string;
  /** A WhatsApp message id only this test uses, with the test's id in it for debugging. */
  messageId(label: string): string;
  /** A UK mobile number only this test uses. */
  phone(): UniquePhone;
  /** A sender (wa_id, profile name, and the number as the app shows it) only this test uses. */
  sender(firstName: string): Required<Sender>;
};

function createUnique(testId: string): Unique {
  const tag = Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(26))).join("");
  const surname = tag.charAt(0).toUpperCase() + tag.slice(1);
  const phone = (): UniquePhone => {
    // 77xx–79xx: mobile ranges, so the app formats them exactly like `display` ("+44 7911 123456").
    const block = String(randomInt(700, 1000));
    const line = String(randomInt(100_000, 1_000_000));
    return { display: `+44 7${block} ${line}`, digits: `447${block}${line}`, national: `7${block}${line}` };
  };
  return {
    tag,
    surname,
    campaign: (label) => `${label}-${tag}`,
    messageId: (label) => `wamid.E2E.${testId}.${tag}.${label}`,
    phone,
    sender: (firstName) => {
      const { digits, display } = phone();
      return { waId: digits, name: `${firstName} ${surname}`, display };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The inbox page, found by role, label and text

export class Inbox {
  readonly filters: Locator;
  readonly search: Locator;
  readonly campaign: Locator;
  readonly sender: Locator;
  readonly business: Locator;
  /** "12 contacts", "1 contact matches", "2 contacts match", or "Searching…" while a filter change is loading. */
  readonly count: Locator;
  readonly cards: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.filters = page.getByRole("search", { name: "Filter contacts" });
    this.search = this.filters.getByRole("searchbox", { name: "Search" });
    this.campaign = this.filters.getByRole("combobox", { name: "Campaign" });
    this.sender = this.filters.getByRole("combobox", { name: "Sender" });
    this.business = this.filters.getByRole("combobox", { name: "Business number" });
    this.count = this.filters.getByText(/^(\d[\d,]* contacts?( match(es)?)?|Searching…)$/);
    this.cards = page.getByRole("region", { name: "Contacts" }).getByRole("article");
    this.table = page.getByRole("table");
  }

  /** Opens the inbox with these query parameters and waits until React has hydrated the filter bar. */
  async goto(params: Record<string, string> = {}): Promise<void> {
    const query = new URLSearchParams(params).toString();
    await this.page.goto(query ? `/?${query}` : "/");
    await expectHydrated(this.search);
  }

  card(name: string): Locator {
    return this.page.getByRole("article", { name, exact: true });
  }

  /** The name links of the table's rows, top to bottom. */
  tableNames(): Locator {
    return this.table.getByRole("link");
  }
}

/**
 * Waits until React has hydrated the element (it then carries React's props), so typing and
 * selecting reach the client components instead of being lost before hydration.
 */
export async function expectHydrated(locator: Locator): Promise<void> {
  await expect
    .poll(() => locator.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$"))), { message: "React hydrated the page" })
    .toBe(true);
}

/** Clicks what starts a download and returns the download with its text. */
export async function downloadText(page: Page, trigger: Locator): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), trigger.click()]);
  const failure = await download.failure();
  if (failure) throw new Error(`Download of ${download.url()} failed: ${failure}`);
  return { download, text: await readFile(await download.path(), "utf8") };
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/** What the receiver answers with 200. */
export type CallbackAccepted = {
  ok: true;
  callbackId: number;
  outcome: "stored" | "duplicate" | "ignored";
  sharesStored: number;
  sharesAlreadyStored: number;
  ignored: string[];
};

/** What the receiver answers with 4xx. */
export type CallbackRefused = { error: string; issues: { path: string; message: string }[] };

type Fixtures = {
  /** POSTs a callback body (an object is sent as JSON) to /api/callbacks/whatsapp and expects 200. */
  postCallback: (body: KaleyraCallback | object) => Promise<CallbackAccepted>;
  /** POSTs a callback body the receiver must refuse, and expects 400. */
  postRejectedCallback: (body: KaleyraCallback | object | string) => Promise<CallbackRefused>;
  unique: Unique;
  inbox: Inbox;
};

export const test = base.extend<Fixtures>({
  postCallback: async ({ request, baseURL }, use) => {
    const headers = callbackHeaders(baseURL);
    await use(async (body) => {
      const response = await request.post("/api/callbacks/whatsapp", { headers, data: body });
      const json: unknown = await response.json();
      expect(response.status(), `POST /api/callbacks/whatsapp answered ${response.status()} ${JSON.stringify(json)}`).toBe(200);
      return json as CallbackAccepted;
    });
  },
  postRejectedCallback: async ({ request, baseURL }, use) => {
    const headers = callbackHeaders(baseURL);
    await use(async (body) => {
      const response = await request.post("/api/callbacks/whatsapp", {
        headers: { ...headers, "content-type": "application/json" },
        data: typeof body === "string" ? body : JSON.stringify(body),
      });
      const json: unknown = await response.json();
      expect(response.status(), `POST /api/callbacks/whatsapp answered ${response.status()} ${JSON.stringify(json)}`).toBe(400);
      return json as CallbackRefused;
    });
  },
  unique: async ({}, use, testInfo) => {
    await use(createUnique(testInfo.testId));
  },
  inbox: async ({ page }, use) => {
    await use(new Inbox(page));
  },
});

export { expect };

/**
 * Saves a full-page screenshot for a person to look at (not compared with a baseline) in
 * e2e/.artifacts/<name>.png and attaches it to the report.
 */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = path.join(testInfo.project.testDir, ".artifacts");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** A browser context or request context with no cookies: nobody is signed in. */
export const signedOut = { cookies: [], origins: [] };

/** Adds an agent with the form on /admin (the page signed in as an admin) and waits for its confirmation; answers the agent's entry in the list. */
export async function addAgentOnAdmin(page: Page, agent: { email: string; name: string; password: string }): Promise<Locator> {
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Add agent" });
  await expectHydrated(form.getByLabel("Email"));
  await form.getByLabel("Email").fill(agent.email);
  await form.getByLabel("Name").fill(agent.name);
  await form.getByLabel("Password").fill(agent.password);
  await form.getByRole("button", { name: "Add agent" }).click();
  await expect(form.getByRole("status")).toContainText(`Added ${agent.email}`);
  return page.getByRole("listitem", { name: agent.email, exact: true });
}

/** Signs in through the /sign-in form the page is on (or is sent to), and waits until it has left it. */
export async function signIn(page: Page, agent: Pick<TestAgent, "email" | "password">): Promise<void> {
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  const email = page.getByLabel("Email");
  await expectHydrated(email);
  await email.fill(agent.email);
  await page.getByLabel("Password").fill(agent.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in(\?|$)/);
}

/**
 * The header that authenticates a callback on the server at `baseURL`. Test data only ever goes to a
 * server on this machine (the e2e servers), never to a deployed one.
 */
function callbackHeaders(baseURL: string | undefined): Record<string, string> {
  const host = baseURL ? new URL(baseURL).hostname : "";
  if (!["localhost", "127.0.0.1", "[::1]"].includes(host)) throw new Error(`Refusing to post test callbacks to ${baseURL}: the e2e suite only talks to its local test servers.`);
  const token = testServerAt(baseURL)?.callbackToken;
  return token ? { "x-callback-token": token } : {};
}
