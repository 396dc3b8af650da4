import { beforeAll, describe, expect, it } from "vitest";
import { GET as getVcard } from "@/app/api/contacts/[id]/vcard/route";
import { getStore } from "@/app/_server/store";
import { createAppPassword, revokeAppPassword } from "@/lib/auth/app-passwords";
import { hashPassword } from "@/lib/auth/passwords";
import { maxFailuresPerAccount } from "@/lib/auth/sign-in";
import { bookListingRetryAfterSeconds, bookListingSlots, maxConcurrentBookListings } from "@/lib/carddav/book-listings";
import { handleDavRequest } from "@/lib/carddav/handler";
import { slugOfBook } from "@/lib/carddav/paths";
import { childOf, childrenOf, parseXml, type XmlElement } from "@/lib/carddav/xml-parse";
import { deleteContact } from "@/lib/lifecycle/delete-contact";
import type { Agent } from "@/lib/model/accounts";
import { apiRequest, kaleyraCallback, postCallback } from "@/test/callbacks";
import { sqlAll, sqlCount, testEngine } from "@/test/database";

/*
 * The CardDAV protocol, request by request, against the real handler (the one the server runs
 * before Next.js) with real requests, on this test file's database. The real clients (vdirsyncer,
 * khard) are driven against the production build in e2e/carddav-clients.spec.ts.
 */

const D = "DAV:";
const C = "urn:ietf:params:xml:ns:carddav";
const CS = "http://calendarserver.org/ns/";

let agent: Agent;
let password: string;
let otherAgent: Agent;

type DavAnswer = { status: number; headers: Headers; text: string; xml: XmlElement | null };

async function dav(method: string, path: string, options: { body?: string; depth?: string; auth?: string | null; headers?: Record<string, string>; address?: string } = {}): Promise<DavAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  const auth = options.auth === undefined ? `${agent.email}:${password}` : options.auth;
  if (auth !== null) headers.authorization = `Basic ${Buffer.from(auth).toString("base64")}`;
  if (options.depth !== undefined) headers.depth = options.depth;
  if (options.body !== undefined) headers["content-type"] = "application/xml; charset=utf-8";
  const request = new Request(`http://localhost${path}`, { method, headers, body: options.body });
  const response = await handleDavRequest(request, { store: await getStore(), clientAddress: options.address ?? "192.0.2.10" });
  const text = await response.text();
  const xml = response.headers.get("content-type")?.startsWith("application/xml") && text ? parseXml(text) : null;
  return { status: response.status, headers: response.headers, text, xml };
}

/** Each `<d:response>` by href: its status (when it has one) and the 200 props by `{ns}name` → element. */
function responsesOf(answer: DavAnswer): Map<string, { status: string | null; props: Map<string, XmlElement>; missing: string[] }> {
  const result = new Map<string, { status: string | null; props: Map<string, XmlElement>; missing: string[] }>();
  for (const response of childrenOf(answer.xml!, D, "response")) {
    const href = childOf(response, D, "href")!.text;
    const props = new Map<string, XmlElement>();
    const missing: string[] = [];
    for (const propstat of childrenOf(response, D, "propstat")) {
      const ok = childOf(propstat, D, "status")!.text === "HTTP/1.1 200 OK";
      for (const prop of childOf(propstat, D, "prop")!.children) {
        if (ok) props.set(`{${prop.ns}}${prop.name}`, prop);
        else missing.push(`{${prop.ns}}${prop.name}`);
      }
    }
    result.set(href, { status: childOf(response, D, "status")?.text ?? null, props, missing });
  }
  return result;
}

const propfindBody = (...props: string[]) => `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:card="${C}" xmlns:cs="${CS}"><d:prop>${props.join("")}</d:prop></d:propfind>`;
const syncBody = (token: string, props = "<d:getetag/>") => `<d:sync-collection xmlns:d="DAV:" xmlns:card="${C}"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop>${props}</d:prop></d:sync-collection>`;

async function shareIdsNamed(...names: string[]): Promise<number[]> {
  const rows = await sqlAll<{ id: number | string; formatted_name: string }>("select id, formatted_name from contact_shares order by id");
  return names.map((name) => Number(rows.find((row) => row.formatted_name === name)!.id));
}

const home = () => `/dav/addressbooks/${agent.id}/`;
const allBook = () => `${home()}all/`;
const campaignBook = (value: string) => `${home()}${slugOfBook({ kind: "campaign", value })}/`;
const cardHref = (book: string, id: number) => `${book}share-${id}.vcf`;

beforeAll(async () => {
  const store = await getStore();
  agent = await store.createAgent({ email: "dav.agent@example.com", name: "Dav Agent", passwordHash: await hashPassword("sign-in-password-1"), isAdmin: false });
  otherAgent = await store.createAgent({ email: "other.agent@example.com", name: "Other", passwordHash: await hashPassword("sign-in-password-2"), isAdmin: false });
  const created = await createAppPassword(store, { agent, name: "Tests", clientAddress: null });
  if (!created.ok) throw new Error(created.error);
  password = created.password;
  await postCallback(
    kaleyraCallback({
      messageId: "dav-1",
      extraInfo: { ref: "dav-spring", ref1: "dav-flyer", ref2: "" },
      cards: [
        { name: { formatted_name: "Ada Lovelace", first_name: "Ada", last_name: "Lovelace" }, phones: [{ phone: "+44 7700 900111", wa_id: "447700900111", type: "CELL" }], emails: [{ email: "ada@example.com" }] },
        { name: { formatted_name: "Grace Hopper" }, phones: [{ phone: "+1 202 555 0147" }] },
      ],
    }),
  );
  await postCallback(
    kaleyraCallback({ messageId: "dav-2", extraInfo: { ref: "dav-autumn", ref1: "", ref2: "" }, cards: [{ name: { formatted_name: "Katherine Johnson" }, phones: [{ phone: "+1 202 555 0199" }] }] }),
  );
});

describe("discovery", () => {
  it("sends /.well-known/carddav to the DAV root, for any method, without auth", async () => {
    for (const method of ["GET", "PROPFIND"]) {
      const answer = await dav(method, "/.well-known/carddav", { auth: null });
      expect(answer.status).toBe(301);
      expect(answer.headers.get("location")).toBe("/dav/");
    }
  });

  it("answers OPTIONS without auth, advertising addressbook and only read methods", async () => {
    const answer = await dav("OPTIONS", "/dav/principals/1/", { auth: null });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("dav")).toBe("1, 3, addressbook");
    expect(answer.headers.get("allow")).toBe("OPTIONS, GET, HEAD, PROPFIND, REPORT");
  });

  it("leads from the root to the agent's principal, home and books", async () => {
    const root = responsesOf(await dav("PROPFIND", "/dav/", { depth: "0", body: propfindBody("<d:current-user-principal/>", "<d:resourcetype/>") }));
    const principal = childOf(root.get("/dav/")!.props.get(`{${D}}current-user-principal`)!, D, "href")!.text;
    expect(principal).toBe(`/dav/principals/${agent.id}/`);

    const principalAnswer = responsesOf(await dav("PROPFIND", principal, { depth: "0", body: propfindBody("<card:addressbook-home-set/>", "<d:displayname/>", "<cs:email-address-set/>") }));
    const entry = principalAnswer.get(principal)!;
    expect(childOf(entry.props.get(`{${C}}addressbook-home-set`)!, D, "href")!.text).toBe(home());
    expect(entry.props.get(`{${D}}displayname`)!.text).toBe("Dav Agent");
    expect(entry.missing).toEqual([`{${CS}}email-address-set`]);

    const homeAnswer = await dav("PROPFIND", home(), { depth: "1", body: propfindBody("<d:resourcetype/>", "<d:displayname/>", "<d:current-user-privilege-set/>", "<d:sync-token/>", "<cs:getctag/>", "<d:supported-report-set/>") });
    expect(homeAnswer.status).toBe(207);
    expect(homeAnswer.headers.get("dav")).toBe("1, 3, addressbook");
    const books = responsesOf(homeAnswer);
    expect([...books.keys()]).toEqual([home(), allBook(), ...["dav-spring", "dav-flyer", "dav-autumn"].map(campaignBook)].sort((a, b) => [...books.keys()].indexOf(a) - [...books.keys()].indexOf(b)));
    expect(books.size).toBe(5);
    const all = books.get(allBook())!;
    expect(all.props.get(`{${D}}displayname`)!.text).toBe("All shared contacts");
    expect(childOf(all.props.get(`{${D}}resourcetype`)!, C, "addressbook")).toBeDefined();
    // Read-only: the only privilege is read.
    const privileges = childrenOf(all.props.get(`{${D}}current-user-privilege-set`)!, D, "privilege").flatMap((privilege) => privilege.children.map((child) => child.name));
    expect(privileges).toEqual(["read"]);
    expect(all.props.get(`{${D}}sync-token`)!.text).toBe(all.props.get(`{${CS}}getctag`)!.text);
    const reports = childrenOf(all.props.get(`{${D}}supported-report-set`)!, D, "supported-report").map((report) => childOf(report, D, "report")!.children[0]!.name);
    expect(reports).toEqual(["sync-collection", "addressbook-multiget", "addressbook-query"]);
    expect(books.get(campaignBook("dav-spring"))!.props.get(`{${D}}displayname`)!.text).toBe("Campaign: dav-spring");
    // The books come first with a 200 propstat, the missing props after in a 404 one.
    expect(homeAnswer.text.indexOf("HTTP/1.1 200 OK")).toBeLessThan(homeAnswer.text.indexOf("HTTP/1.1 404 Not Found"));
  });

  it("refuses Depth: infinity with propfind-finite-depth", async () => {
    const answer = await dav("PROPFIND", allBook(), { depth: "infinity", body: propfindBody("<d:getetag/>") });
    expect(answer.status).toBe(403);
    expect(childOf(answer.xml!, D, "propfind-finite-depth")).toBeDefined();
  });

  it("answers an empty PROPFIND body as allprop", async () => {
    const answer = responsesOf(await dav("PROPFIND", allBook(), { depth: "0" }));
    expect(answer.get(allBook())!.props.get(`{${D}}displayname`)!.text).toBe("All shared contacts");
  });
});

describe("cards", () => {
  it("lists every card of a book with its ETag, and GET serves the same vCard as the download, UID included", async () => {
    const [ada, grace, katherine] = await shareIdsNamed("Ada Lovelace", "Grace Hopper", "Katherine Johnson");
    const listing = responsesOf(await dav("PROPFIND", allBook(), { depth: "1", body: propfindBody("<d:resourcetype/>", "<d:getcontenttype/>", "<d:getetag/>") }));
    const cards = [...listing.keys()].filter((href) => href.endsWith(".vcf"));
    expect(cards.sort()).toEqual([ada!, grace!, katherine!].map((id) => cardHref(allBook(), id)).sort());
    const entry = listing.get(cardHref(allBook(), ada!))!;
    expect(entry.props.get(`{${D}}getcontenttype`)!.text).toBe("text/vcard; charset=utf-8");
    expect(entry.props.get(`{${D}}resourcetype`)!.children).toEqual([]);

    const get = await dav("GET", cardHref(allBook(), ada!));
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toBe("text/vcard; charset=utf-8");
    expect(get.headers.get("etag")).toBe(entry.props.get(`{${D}}getetag`)!.text);
    // A card is contact data: no cache may keep it (security review item 13), the ETag still revalidates.
    expect(get.headers.get("cache-control")).toBe("no-store");
    const download = await getVcard(await apiRequest(`http://localhost/api/contacts/${ada}/vcard`), { params: Promise.resolve({ id: String(ada) }) });
    expect(get.text).toBe(await download.text());
    expect(get.text).toMatch(/\r\nUID:urn:uuid:[0-9a-f-]{36}\r\n/);
    expect(get.text).toMatch(/\r\nTEL;[^\r]*waid=447700900111[^\r]*:\+44 7700 900111\r\n/);

    const head = await dav("HEAD", cardHref(allBook(), ada!));
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    const unchanged = await dav("GET", cardHref(allBook(), ada!), { headers: { "if-none-match": get.headers.get("etag")! } });
    expect(unchanged.status).toBe(304);
  });

  it("answers addressbook-multiget with each card found and a 404 for each one not (wrong book, unknown id, another agent's path)", async () => {
    const [ada, katherine] = await shareIdsNamed("Ada Lovelace", "Katherine Johnson");
    const spring = campaignBook("dav-spring");
    const hrefs = [cardHref(spring, ada!), cardHref(spring, katherine!), cardHref(spring, 999_999), `/dav/addressbooks/${otherAgent.id}/${slugOfBook({ kind: "campaign", value: "dav-spring" })}/share-${ada}.vcf`];
    const body = `<C:addressbook-multiget xmlns="DAV:" xmlns:C="${C}"><prop><getetag/><C:address-data/></prop>${hrefs.map((href) => `<href>${href}</href>`).join("")}</C:addressbook-multiget>`;
    const answer = await dav("REPORT", spring, { body });
    expect(answer.status).toBe(207);
    const responses = responsesOf(answer);
    const found = responses.get(hrefs[0]!)!;
    const get = await dav("GET", hrefs[0]!);
    // The parser gives back the CRLFs (written as &#13;).
    expect(found.props.get(`{${C}}address-data`)!.text).toBe(get.text);
    expect(found.props.get(`{${D}}getetag`)!.text).toBe(get.headers.get("etag"));
    for (const href of hrefs.slice(1)) expect(responses.get(href)!.status).toBe("HTTP/1.1 404 Not Found");
  });

  it("filters addressbook-query with text-match (contains, equals, negate-condition) and is-not-defined", async () => {
    const query = (filter: string) =>
      `<C:addressbook-query xmlns:D="DAV:" xmlns:C="${C}"><D:prop><D:getetag/></D:prop>${filter}</C:addressbook-query>`;
    const names = async (filter: string) => {
      const answer = await dav("REPORT", allBook(), { depth: "1", body: query(filter) });
      expect(answer.status).toBe(207);
      const ids = [...responsesOf(answer).keys()].map((href) => Number(/share-(\d+)\.vcf$/.exec(href)![1]));
      const rows = await sqlAll<{ id: number | string; formatted_name: string }>("select id, formatted_name from contact_shares");
      return ids.map((id) => rows.find((row) => Number(row.id) === id)!.formatted_name).sort();
    };
    expect(await names(`<C:filter><C:prop-filter name="FN"><C:text-match collation="i;unicode-casemap" match-type="contains">LOVE</C:text-match></C:prop-filter></C:filter>`)).toEqual(["Ada Lovelace"]);
    expect(await names(`<C:filter test="anyof"><C:prop-filter name="FN"><C:text-match match-type="equals">grace hopper</C:text-match></C:prop-filter><C:prop-filter name="EMAIL"><C:text-match>ada@</C:text-match></C:prop-filter></C:filter>`)).toEqual(["Ada Lovelace", "Grace Hopper"]);
    expect(await names(`<C:filter><C:prop-filter name="TEL"><C:text-match match-type="starts-with">+1202</C:text-match></C:prop-filter></C:filter>`)).toEqual(["Grace Hopper", "Katherine Johnson"]);
    expect(await names(`<C:filter><C:prop-filter name="FN"><C:text-match negate-condition="yes">Hopper</C:text-match></C:prop-filter></C:filter>`)).toEqual(["Ada Lovelace", "Katherine Johnson"]);
    expect(await names(`<C:filter><C:prop-filter name="EMAIL"><C:is-not-defined/></C:prop-filter></C:filter>`)).toEqual(["Grace Hopper", "Katherine Johnson"]);
    expect(await names("")).toEqual(["Ada Lovelace", "Grace Hopper", "Katherine Johnson"]);
    const unknownCollation = await dav("REPORT", allBook(), { body: query(`<C:filter><C:prop-filter name="FN"><C:text-match collation="i;klingon">x</C:text-match></C:prop-filter></C:filter>`) });
    expect(unknownCollation.status).toBe(403);
    expect(childOf(unknownCollation.xml!, C, "supported-collation")).toBeDefined();
  });

  it("truncates a query at its nresults limit with a 507 on the request URI", async () => {
    const answer = await dav("REPORT", allBook(), { body: `<C:addressbook-query xmlns:D="DAV:" xmlns:C="${C}"><D:prop><D:getetag/></D:prop><C:limit><C:nresults>1</C:nresults></C:limit></C:addressbook-query>` });
    const responses = responsesOf(answer);
    expect(responses.size).toBe(2);
    expect(responses.get(allBook())!.status).toBe("HTTP/1.1 507 Insufficient Storage");
  });

  it("holds exactly a campaign's shares in its book (ref, ref1 or ref2)", async () => {
    const [ada, grace, katherine] = await shareIdsNamed("Ada Lovelace", "Grace Hopper", "Katherine Johnson");
    const members = async (value: string) =>
      [...responsesOf(await dav("PROPFIND", campaignBook(value), { depth: "1", body: propfindBody("<d:getetag/>") })).keys()].filter((href) => href.endsWith(".vcf")).sort();
    expect(await members("dav-flyer")).toEqual([ada!, grace!].map((id) => cardHref(campaignBook("dav-flyer"), id)).sort());
    expect(await members("dav-autumn")).toEqual([cardHref(campaignBook("dav-autumn"), katherine!)]);
    expect(await members("no-such-campaign")).toEqual([]);
    // A card of another campaign is not in this book.
    expect((await dav("GET", cardHref(campaignBook("dav-autumn"), ada!))).status).toBe(404);
  });
});

describe("sync-collection", () => {
  it("lists every member for an empty token, then only what was stored or deleted since, deletions as 404s", async () => {
    const book = campaignBook("dav-sync");
    await postCallback(kaleyraCallback({ messageId: "sync-1", extraInfo: { ref: "dav-sync", ref1: "", ref2: "" }, cards: [{ name: { formatted_name: "Sync One" }, phones: [{ phone: "+1 202 555 0101" }] }, { name: { formatted_name: "Sync Two" }, phones: [{ phone: "+1 202 555 0102" }] }] }));
    const [one, two] = await shareIdsNamed("Sync One", "Sync Two");

    const initial = await dav("REPORT", book, { depth: "1", body: syncBody("", "<d:getetag/><card:address-data/>") });
    expect(initial.status).toBe(207);
    expect([...responsesOf(initial).keys()].sort()).toEqual([cardHref(book, one!), cardHref(book, two!)].sort());
    const token1 = childOf(initial.xml!, D, "sync-token")!.text;
    expect(token1).toMatch(/^http:\/\/contact-inbox\.invalid\/ns\/sync\//);
    // The same token in PROPFIND, and unchanged while nothing changes.
    const props = responsesOf(await dav("PROPFIND", book, { depth: "0", body: propfindBody("<d:sync-token/>", "<cs:getctag/>") })).get(book)!;
    expect(props.props.get(`{${D}}sync-token`)!.text).toBe(token1);
    const nothing = await dav("REPORT", book, { depth: "0", body: syncBody(token1) });
    expect(responsesOf(nothing).size).toBe(0);
    expect(childOf(nothing.xml!, D, "sync-token")!.text).toBe(token1);

    await postCallback(kaleyraCallback({ messageId: "sync-2", extraInfo: { ref: "dav-sync", ref1: "", ref2: "" }, cards: [{ name: { formatted_name: "Sync Three" }, phones: [{ phone: "+1 202 555 0103" }] }] }));
    await postCallback(kaleyraCallback({ messageId: "sync-other", extraInfo: { ref: "dav-elsewhere", ref1: "", ref2: "" }, cards: [{ name: { formatted_name: "Sync Elsewhere" } }] }));
    const [three] = await shareIdsNamed("Sync Three");
    await deleteContact(await getStore(), { id: one!, actor: { type: "cli" }, clientAddress: null });

    const changes = await dav("REPORT", book, { depth: "0", body: syncBody(token1) });
    const responses = responsesOf(changes);
    expect([...responses.keys()].sort()).toEqual([cardHref(book, three!), cardHref(book, one!)].sort());
    expect(responses.get(cardHref(book, one!))!.status).toBe("HTTP/1.1 404 Not Found");
    expect(responses.get(cardHref(book, three!))!.props.get(`{${D}}getetag`)).toBeDefined();
    const token2 = childOf(changes.xml!, D, "sync-token")!.text;
    expect(token2).not.toBe(token1);
    expect(responsesOf(await dav("REPORT", book, { body: syncBody(token2) })).size).toBe(0);
    // The "all" book sees the unrelated share as well.
    const all = responsesOf(await dav("REPORT", allBook(), { body: syncBody(token1) }));
    expect(all.size).toBe(3);
  });

  it("refuses a token it never handed out, or one older than the kept tombstones, with valid-sync-token", async () => {
    const book = allBook();
    for (const bad of ["http://contact-inbox.invalid/ns/sync/nonsense", "urn:whatever", "http://contact-inbox.invalid/ns/sync/00000000-0000-0000-0000-000000000000/x/1"]) {
      const answer = await dav("REPORT", book, { body: syncBody(bad) });
      expect(answer.status).toBe(403);
      expect(childOf(answer.xml!, D, "valid-sync-token")).toBeDefined();
    }
    const current = childOf((await dav("REPORT", book, { body: syncBody("") })).xml!, D, "sync-token")!.text;
    const future = current.replace(/\/([0-9.]+)$/, (_whole, cursor: string) => `/${cursor.split(".").map((part) => String(Number(part) + 1000)).join(".")}`);
    expect((await dav("REPORT", book, { body: syncBody(future) })).status).toBe(403);

    // A deletion, then its tombstone purged (AUDIT_RETENTION_DAYS): a token from before can no longer learn of it.
    await postCallback(kaleyraCallback({ messageId: "sync-expire", cards: [{ name: { formatted_name: "Sync Expire" } }] }));
    const before = childOf((await dav("REPORT", book, { body: syncBody("") })).xml!, D, "sync-token")!.text;
    const [expire] = await shareIdsNamed("Sync Expire");
    await deleteContact(await getStore(), { id: expire!, actor: { type: "cli" }, clientAddress: null });
    expect((await dav("REPORT", book, { body: syncBody(before) })).status).toBe(207);
    const store = await getStore();
    expect(await store.deleteTombstonesBefore({ before: new Date(Date.now() + 60_000), limit: 1000 })).toBeGreaterThan(0);
    const expired = await dav("REPORT", book, { body: syncBody(before) });
    expect(expired.status).toBe(403);
    expect(childOf(expired.xml!, D, "valid-sync-token")).toBeDefined();
    // A token taken after the purge works.
    const after = childOf((await dav("REPORT", book, { body: syncBody("") })).xml!, D, "sync-token")!.text;
    expect((await dav("REPORT", book, { body: syncBody(after) })).status).toBe(207);
  });

  it.runIf(testEngine === "postgres")("never misses a change committed after a token was handed out by a transaction that began before it", async () => {
    const [grace] = await shareIdsNamed("Grace Hopper");
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      // A deletion's tombstone, written by a transaction that is still open when the token is read.
      await client.query("begin");
      await client.query("insert into share_tombstones (share_id, message_id, position, deleted_at) values ($1, 'late', 0, now())", [grace]);
      await client.query("insert into share_tombstones (share_id, message_id, position, deleted_at) values (424242, 'late-2', 0, now())");
      const token = childOf((await dav("REPORT", allBook(), { body: syncBody("") })).xml!, D, "sync-token")!.text;
      // A later transaction commits first, with a higher tombstone id.
      await postCallback(kaleyraCallback({ messageId: "sync-late", cards: [{ name: { formatted_name: "Sync Late" } }] }));
      await client.query("commit");
      const changes = responsesOf(await dav("REPORT", allBook(), { body: syncBody(token) }));
      expect(changes.get(cardHref(allBook(), grace!))?.status).toBe("HTTP/1.1 404 Not Found");
      const [late] = await shareIdsNamed("Sync Late");
      expect(changes.has(cardHref(allBook(), late!))).toBe(true);
    } finally {
      await client.end();
    }
  });
});

describe("read-only", () => {
  it("refuses PUT, DELETE, MKCOL and PROPPATCH with 403 need-privileges, and changes nothing", async () => {
    const [ada] = await shareIdsNamed("Ada Lovelace");
    const before = await sqlCount("select count(*) as n from contact_shares");
    const card = cardHref(allBook(), ada!);
    const cases: [string, string, string, string][] = [
      ["PUT", card, "write-content", card],
      ["PUT", `${allBook()}new.vcf`, "bind", allBook()],
      ["DELETE", card, "unbind", allBook()],
      ["MKCOL", `${home()}new/`, "bind", home()],
      ["PROPPATCH", allBook(), "write-properties", allBook()],
    ];
    for (const [method, path, privilege, href] of cases) {
      const answer = await dav(method, path, { body: method === "PUT" ? "BEGIN:VCARD\r\nEND:VCARD\r\n" : undefined, headers: method === "PUT" ? { "if-none-match": "*" } : {} });
      expect(answer.status, `${method} ${path}`).toBe(403);
      const resource = childOf(childOf(answer.xml!, D, "need-privileges")!, D, "resource")!;
      expect(childOf(resource, D, "href")!.text).toBe(href);
      expect(childOf(childOf(resource, D, "privilege")!, D, privilege)).toBeDefined();
    }
    expect((await dav("MOVE", card)).status).toBe(405);
    expect(await sqlCount("select count(*) as n from contact_shares")).toBe(before);
  });
});

describe("auth", () => {
  it("challenges a request without credentials with Basic", async () => {
    const answer = await dav("PROPFIND", "/dav/", { auth: null, depth: "0" });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toBe('Basic realm="Contact Inbox", charset="UTF-8"');
  });

  it("refuses a wrong password, the sign-in password, another agent's app password and a revoked one, alike, and audits the failures", async () => {
    const store = await getStore();
    const others = await createAppPassword(store, { agent: otherAgent, name: "Other phone", clientAddress: null });
    if (!others.ok) throw new Error(others.error);
    const revoked = await createAppPassword(store, { agent, name: "Old phone", clientAddress: null });
    if (!revoked.ok) throw new Error(revoked.error);
    expect((await dav("PROPFIND", "/dav/", { depth: "0", auth: `${agent.email}:${revoked.password}`, address: "192.0.2.50" })).status).toBe(207);
    expect(await revokeAppPassword(store, { agent, id: revoked.appPassword.id, clientAddress: null })).toBe(true);
    const attempts = [`${agent.email}:wrong-wrong-wrong-wrong`, `${agent.email}:sign-in-password-1`, `${agent.email}:${others.password}`, `${agent.email}:${revoked.password}`, `nobody@example.com:${password}`];
    for (const auth of attempts) {
      const answer = await dav("PROPFIND", "/dav/", { depth: "0", auth, address: "192.0.2.51" });
      expect(answer.status, auth).toBe(401);
      expect(answer.text).not.toContain("revoked");
    }
    const audited = await sqlAll<{ action: string; client_address: string }>("select action, client_address from audit_events where action = 'carddav.sign_in_failed' and client_address = '192.0.2.51'");
    expect(audited).toHaveLength(attempts.length);
    // Case does not matter in the email; the password still works.
    expect((await dav("PROPFIND", "/dav/", { depth: "0", auth: `DAV.Agent@Example.com:${password}`, address: "192.0.2.52" })).status).toBe(207);
    await store.clearSignInFailures({ key: `email:${agent.email}` });
  });

  it("refuses a disabled agent", async () => {
    const store = await getStore();
    const disabled = await store.createAgent({ email: "gone.agent@example.com", name: null, passwordHash: await hashPassword("whatever-password"), isAdmin: false });
    const created = await createAppPassword(store, { agent: disabled, name: "Phone", clientAddress: null });
    if (!created.ok) throw new Error(created.error);
    const auth = `${disabled.email}:${created.password}`;
    expect((await dav("PROPFIND", "/dav/", { depth: "0", auth, address: "192.0.2.60" })).status).toBe(207);
    await store.setAgentDisabled({ id: disabled.id, disabled: true });
    expect((await dav("PROPFIND", "/dav/", { depth: "0", auth, address: "192.0.2.60" })).status).toBe(401);
  });

  it("locks the account after as many failures as the sign-in form allows, the right password included, and audits the lockout", async () => {
    const store = await getStore();
    const locked = await store.createAgent({ email: "locked.agent@example.com", name: null, passwordHash: await hashPassword("whatever-password"), isAdmin: false });
    const created = await createAppPassword(store, { agent: locked, name: "Phone", clientAddress: null });
    if (!created.ok) throw new Error(created.error);
    const answers = await Promise.all(Array.from({ length: maxFailuresPerAccount + 5 }, (_, index) => dav("PROPFIND", "/dav/", { depth: "0", auth: `${locked.email}:guess-${index}`, address: `192.0.2.${100 + index}` })));
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(maxFailuresPerAccount);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(5);
    const right = await dav("PROPFIND", "/dav/", { depth: "0", auth: `${locked.email}:${created.password}`, address: "192.0.2.99" });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await sqlCount("select count(*) as n from audit_events where action = 'carddav.lockout'")).toBe(1);
  });

  it("shows an agent only their own principal and home", async () => {
    for (const path of [`/dav/principals/${otherAgent.id}/`, `/dav/addressbooks/${otherAgent.id}/`, `/dav/addressbooks/${otherAgent.id}/all/`]) {
      expect((await dav("PROPFIND", path, { depth: "0", body: propfindBody("<d:displayname/>") })).status, path).toBe(404);
    }
  });

  it("answers odd paths with 404", async () => {
    for (const path of [`/dav/addressbooks/${agent.id}/../${otherAgent.id}/`, `/dav/addressbooks/${agent.id}/all%2F..%2F/`, `/dav/addressbooks/${agent.id}/all/share-1.vcf/x`, "/dav/secret", `/dav/addressbooks/${agent.id}/campaign-!!/`, `/dav/addressbooks/0${agent.id}/`]) {
      expect((await dav("PROPFIND", path, { depth: "0" })).status, path).toBe(404);
    }
  });
});

describe("request bodies", () => {
  it("answers malformed XML with 400", async () => {
    for (const body of ["<d:propfind xmlns:d='DAV:'><d:prop>", "<propfind xmlns='DAV:'><prop></propfind>", "not xml", "<x:propfind><x:prop/></x:propfind>"]) {
      expect((await dav("PROPFIND", allBook(), { depth: "0", body })).status, body).toBe(400);
    }
    expect((await dav("REPORT", allBook(), { body: "<oops" })).status).toBe(400);
  });

  it("ignores XML entities: a DOCTYPE (external or internal entities) is refused with no-external-entities, nothing read or expanded", async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE d:propfind [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><d:propfind xmlns:d="DAV:"><d:prop><d:displayname>&xxe;</d:displayname></d:prop></d:propfind>`;
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><d:propfind xmlns:d="DAV:"><d:prop><d:displayname>&lol2;</d:displayname></d:prop></d:propfind>`;
    for (const body of [xxe, laughs]) {
      const answer = await dav("PROPFIND", allBook(), { depth: "0", body });
      expect(answer.status).toBe(403);
      expect(childOf(answer.xml!, D, "no-external-entities")).toBeDefined();
      expect(answer.text).not.toContain("root:");
    }
    // An undeclared entity is simply malformed.
    expect((await dav("PROPFIND", allBook(), { depth: "0", body: `<d:propfind xmlns:d="DAV:"><d:prop><d:displayname>&xxe;</d:displayname></d:prop></d:propfind>` })).status).toBe(400);
  });

  it("answers a property named many times once per resource, and refuses more different properties than it answers (PROPFIND and each REPORT)", async () => {
    // Review finding: 10,000 <d:getetag/> made a 130 KB request stream gigabytes (every name again for every card).
    const repeated = await dav("PROPFIND", allBook(), { depth: "1", body: propfindBody(...Array.from({ length: 10_000 }, () => "<d:getetag/>")) });
    expect(repeated.status).toBe(207);
    const responses = childrenOf(repeated.xml!, D, "response");
    expect(responses.length).toBeGreaterThan(1);
    for (const response of responses) {
      const answered = childrenOf(response, D, "propstat").flatMap((propstat) => childOf(propstat, D, "prop")!.children);
      expect(answered.map((prop) => `{${prop.ns}}${prop.name}`), childOf(response, D, "href")!.text).toEqual([`{${D}}getetag`]);
    }
    const ownProps = (n: number) => Array.from({ length: n }, (_, i) => `<x:p${i} xmlns:x="urn:example"/>`);
    expect((await dav("PROPFIND", allBook(), { depth: "1", body: propfindBody(...ownProps(64)) })).status).toBe(207);
    const tooMany = await dav("PROPFIND", allBook(), { depth: "1", body: propfindBody(...ownProps(65)) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toContain("65 different properties; at most 64");
    const prop = `<d:prop>${ownProps(65).join("")}</d:prop>`;
    for (const body of [
      `<C:addressbook-multiget xmlns:d="DAV:" xmlns:C="${C}">${prop}<d:href>${allBook()}share-1.vcf</d:href></C:addressbook-multiget>`,
      `<C:addressbook-query xmlns:d="DAV:" xmlns:C="${C}">${prop}</C:addressbook-query>`,
      `<d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level>${prop}</d:sync-collection>`,
    ]) {
      expect((await dav("REPORT", allBook(), { body })).status, body.slice(0, 40)).toBe(400);
    }
  });

  it("refuses a query filter too large to match against every card, naming the limit", async () => {
    const query = (filter: string) => `<C:addressbook-query xmlns:D="DAV:" xmlns:C="${C}"><D:prop><D:getetag/></D:prop><C:filter>${filter}</C:filter></C:addressbook-query>`;
    const longText = await dav("REPORT", allBook(), { body: query(`<C:prop-filter name="FN"><C:text-match>${"é".repeat(200_000)}</C:text-match></C:prop-filter>`) });
    expect(longText.status).toBe(400);
    expect(longText.text).toContain("at most 256");
    expect((await dav("REPORT", allBook(), { body: query('<C:prop-filter name="FN"/>'.repeat(33)) })).status).toBe(400);
  });

  it("refuses a body over the limit with 413", async () => {
    const body = `<d:propfind xmlns:d="DAV:"><d:prop>${"<d:displayname/>".repeat(600_000)}</d:prop></d:propfind>`;
    expect((await dav("PROPFIND", allBook(), { depth: "0", body })).status).toBe(413);
  });

  it("answers an unknown REPORT with supported-report, and the ones InfCloud asks for with an empty multistatus", async () => {
    const unknown = await dav("REPORT", allBook(), { body: `<x:frobnicate xmlns:x="urn:x"/>` });
    expect(unknown.status).toBe(403);
    expect(childOf(unknown.xml!, D, "supported-report")).toBeDefined();
    const expand = await dav("REPORT", "/dav/", { body: `<d:expand-property xmlns:d="DAV:"/>` });
    expect(expand.status).toBe(207);
  });
});

describe("app passwords", () => {
  it("stores only a hash, lists with last use, and belongs to one agent", async () => {
    const store = await getStore();
    const rows = await sqlAll<{ secret_hash: string; prefix: string }>("select secret_hash, prefix from app_passwords where agent_id = ?", agent.id);
    expect(rows.some((row) => row.secret_hash === password)).toBe(false);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.secret_hash))).toBe(true);
    const listed = await store.listAppPasswords({ agentId: agent.id });
    expect(listed.find((entry) => entry.name === "Tests")!.lastUsedAt).not.toBeNull();
    expect(password).toMatch(/^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
    // Another agent cannot revoke it.
    const mine = listed.find((entry) => entry.name === "Tests")!;
    expect(await revokeAppPassword(store, { agent: otherAgent, id: mine.id, clientAddress: null })).toBe(false);
    const audited = await sqlCount("select count(*) as n from audit_events where action = 'app_password.create'");
    expect(audited).toBeGreaterThan(0);
  });
});

describe("book listings at once", () => {
  /** The handler's answer, its body not read yet (a client that has not caught up). */
  async function started(method: string, path: string, body: string, depth = "1"): Promise<Response> {
    const headers = { authorization: `Basic ${Buffer.from(`${agent.email}:${password}`).toString("base64")}`, depth, "content-type": "application/xml; charset=utf-8" };
    return handleDavRequest(new Request(`http://localhost${path}`, { method, headers, body }), { store: await getStore(), clientAddress: "192.0.2.60" });
  }
  const queryBody = `<card:addressbook-query xmlns:d="DAV:" xmlns:card="${C}"><d:prop><d:getetag/></d:prop></card:addressbook-query>`;

  it(`sends at most ${maxConcurrentBookListings} whole-book answers at once; the next gets 503 with Retry-After until one ends, however it ends`, async () => {
    const running = [
      await started("PROPFIND", allBook(), propfindBody("<d:getetag/>")),
      await started("REPORT", allBook(), syncBody("")),
      await started("REPORT", allBook(), queryBody),
      await started("PROPFIND", campaignBook("dav-spring"), propfindBody("<card:address-data/>")),
    ];
    expect(running.map((response) => response.status)).toEqual(Array(maxConcurrentBookListings).fill(207));

    for (const busy of [await started("PROPFIND", allBook(), propfindBody("<d:getetag/>")), await started("REPORT", allBook(), syncBody(""))]) {
      expect(busy.status).toBe(503);
      expect(busy.headers.get("retry-after")).toBe(String(bookListingRetryAfterSeconds));
      expect(await busy.text()).toContain(`${maxConcurrentBookListings} address book listings are already being sent`);
    }
    // What does not walk a book is answered as usual.
    expect((await dav("PROPFIND", allBook(), { depth: "0", body: propfindBody("<d:getetag/>") })).status).toBe(207);
    const [adaId] = await shareIdsNamed("Ada Lovelace");
    const multiget = `<card:addressbook-multiget xmlns:d="DAV:" xmlns:card="${C}"><d:prop><d:getetag/></d:prop><d:href>${cardHref(allBook(), adaId!)}</d:href></card:addressbook-multiget>`;
    expect((await dav("REPORT", allBook(), { body: multiget })).status).toBe(207);

    // Cancelled before a byte was read: the slot is free again.
    await running[0]!.body!.cancel();
    const next = await started("REPORT", allBook(), syncBody(""));
    expect(next.status).toBe(207);
    expect((await started("REPORT", allBook(), queryBody)).status).toBe(503);

    // Read to the end: free again, and the answer is whole.
    expect(await running[1]!.text()).toContain("<d:sync-token>");
    expect(await running[2]!.text()).toContain("</d:multistatus>");
    expect(await running[3]!.text()).toContain("Ada Lovelace");
    expect(await next.text()).toContain("<d:sync-token>");
    expect(bookListingSlots.running()).toBe(0);
    const again = await Promise.all([0, 1, 2, 3].map(() => started("PROPFIND", allBook(), propfindBody("<d:getetag/>"))));
    expect(again.map((response) => response.status)).toEqual(Array(maxConcurrentBookListings).fill(207));
    await Promise.all(again.map((response) => response.text()));
  });
});
