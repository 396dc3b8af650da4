/**
 * The CardDAV measurements of `npm run bench` (`--only=carddav`), against a running production server:
 * - initial sync: what a client does the first time, on the "All shared contacts" book of the
 *   smaller database: PROPFIND Depth 1 for every card's href and ETag, then addressbook-multiget in
 *   batches of 1,000 hrefs (Thunderbird-sized; vdirsyncer asks for all at once, DAVx5 for 10) until
 *   every card has been fetched; every answer read to its end, cards counted;
 * - incremental sync at the larger size: 10 new callbacks, then sync-collection with the previous
 *   token, which must list exactly those 10; the request's duration measured at the client on
 *   localhost, over several rounds.
 */

export type InitialSync = { seconds: number; propfindSeconds: number; hrefs: number; cards: number; requests: number; problems: string[] };
export type IncrementalSync = { rounds: number; p50Ms: number; p95Ms: number; maxMs: number; problems: string[] };

const dav = { "content-type": "application/xml; charset=utf-8" };

export function basicAuth(email: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}` };
}

/** The agent's "All" book, found the way clients find it: root → principal → home. */
export async function allBookOf(url: string, auth: Record<string, string>): Promise<string> {
  const root = await (await fetch(`${url}/dav/`, { method: "PROPFIND", headers: { ...auth, ...dav, depth: "0" }, body: '<propfind xmlns="DAV:"><prop><current-user-principal/></prop></propfind>' })).text();
  const principal = /<d:current-user-principal><d:href>([^<]+)<\/d:href>/.exec(root)?.[1];
  if (!principal) throw new Error(`no principal in ${root.slice(0, 300)}`);
  const home = /<card:addressbook-home-set><d:href>([^<]+)<\/d:href>/.exec(
    await (await fetch(`${url}${principal}`, { method: "PROPFIND", headers: { ...auth, ...dav, depth: "0" }, body: '<propfind xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><prop><C:addressbook-home-set/></prop></propfind>' })).text(),
  )?.[1];
  if (!home) throw new Error("no addressbook-home-set");
  return `${home}all/`;
}

export async function measureInitialSync(url: string, auth: Record<string, string>, expected: number): Promise<InitialSync> {
  const problems: string[] = [];
  const book = await allBookOf(url, auth);
  const started = performance.now();
  const listing = await fetch(`${url}${book}`, { method: "PROPFIND", headers: { ...auth, ...dav, depth: "1" }, body: '<propfind xmlns="DAV:"><prop><resourcetype/><getcontenttype/><getetag/></prop></propfind>' });
  if (listing.status !== 207) problems.push(`PROPFIND answered ${listing.status}`);
  // Read as it streams: hrefs of cards (.vcf) only, with their ETags.
  const hrefs: string[] = [];
  let carry = "";
  const decoder = new TextDecoder();
  for await (const chunk of listing.body as unknown as AsyncIterable<Uint8Array>) {
    carry += decoder.decode(chunk, { stream: true });
    const end = carry.lastIndexOf("</d:response>");
    if (end < 0) continue;
    for (const match of carry.slice(0, end).matchAll(/<d:href>([^<]+\.vcf)<\/d:href><d:propstat><d:prop><d:resourcetype\/><d:getcontenttype>[^<]+<\/d:getcontenttype><d:getetag>[^<]+<\/d:getetag>/g)) hrefs.push(match[1]!);
    carry = carry.slice(end);
  }
  const propfindSeconds = (performance.now() - started) / 1000;
  if (hrefs.length !== expected) problems.push(`PROPFIND listed ${hrefs.length} cards, not ${expected}`);

  let cards = 0;
  let requests = 1;
  for (let start = 0; start < hrefs.length; start += 1000) {
    const body = `<C:addressbook-multiget xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><prop><getetag/><C:address-data/></prop>${hrefs
      .slice(start, start + 1000)
      .map((href) => `<href>${href}</href>`)
      .join("")}</C:addressbook-multiget>`;
    const answer = await fetch(`${url}${book}`, { method: "REPORT", headers: { ...auth, ...dav, depth: "1" }, body });
    requests += 1;
    const text: string = await answer.text();
    if (answer.status !== 207) problems.push(`multiget answered ${answer.status}`);
    cards += text.match(/<card:address-data>BEGIN:VCARD&#13;/g)?.length ?? 0;
  }
  const seconds = (performance.now() - started) / 1000;
  if (cards !== expected) problems.push(`multiget returned ${cards} cards, not ${expected}`);
  return { seconds: round(seconds), propfindSeconds: round(propfindSeconds), hrefs: hrefs.length, cards, requests, problems };
}

/** `post(index)` stores one new card; each round posts 10 and then syncs. */
export async function measureIncrementalSync(url: string, auth: Record<string, string>, post: (index: number) => Promise<void>, rounds: number): Promise<IncrementalSync> {
  const problems: string[] = [];
  const book = await allBookOf(url, auth);
  const tokenOf = (text: string) => /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(text)?.[1];
  let token: string | undefined = tokenOf(await (await fetch(`${url}${book}`, { method: "PROPFIND", headers: { ...auth, ...dav, depth: "0" }, body: '<propfind xmlns="DAV:"><prop><sync-token/></prop></propfind>' })).text());
  if (!token) throw new Error("no sync-token on the book");
  const durations: number[] = [];
  let posted = 0;
  // Round 0 warms the server up (its first REPORT loads code); it is not counted.
  for (let pass = 0; pass <= rounds; pass++) {
    for (let index = 0; index < 10; index++) await post(posted++);
    const started = performance.now();
    const answer: Response = await fetch(`${url}${book}`, {
      method: "REPORT",
      headers: { ...auth, ...dav, depth: "0" },
      body: `<sync-collection xmlns="DAV:"><sync-token>${token}</sync-token><sync-level>1</sync-level><prop><getetag/></prop></sync-collection>`,
    });
    const text: string = await answer.text();
    const elapsed = performance.now() - started;
    const changed = text.match(/<d:response>/g)?.length ?? 0;
    if (answer.status !== 207 || changed !== 10) problems.push(`round ${pass}: status ${answer.status}, ${changed} changes (expected 10)`);
    token = tokenOf(text) ?? token;
    if (pass > 0) durations.push(elapsed);
  }
  durations.sort((a, b) => a - b);
  const at = (fraction: number) => round(durations[Math.min(durations.length - 1, Math.ceil(fraction * durations.length) - 1)]!);
  return { rounds, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: round(durations.at(-1)!), problems };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
