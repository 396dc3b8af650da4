import { describe, expect, it } from "vitest";
import { bookOfSlug, resourceOfPath, slugOfBook } from "./paths";
import { parseXml, XmlRejected } from "./xml-parse";
import { matchesFilter, parseCardFilter } from "./query-filter";

describe("parseXml", () => {
  it("resolves namespaces the ways clients write them (prefixes, default namespace, per-element declarations)", () => {
    const root = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?><A:propfind xmlns:A="DAV:"><A:prop><B:addressbook-home-set xmlns:B="urn:ietf:params:xml:ns:carddav"/><displayname xmlns="DAV:"/><C:getctag xmlns:C="http://calendarserver.org/ns/"/></A:prop></A:propfind>`,
    );
    expect(root).toMatchObject({ ns: "DAV:", name: "propfind" });
    expect(root.children[0]!.children.map((child) => `{${child.ns}}${child.name}`)).toEqual([
      "{urn:ietf:params:xml:ns:carddav}addressbook-home-set",
      "{DAV:}displayname",
      "{http://calendarserver.org/ns/}getctag",
    ]);
  });

  it("decodes the predefined entities, character references and CDATA, and nothing else", () => {
    expect(parseXml("<a>&lt;&amp;&#65;&#x42;<![CDATA[<c>]]></a>").text).toBe("<&AB<c>");
    expect(() => parseXml("<a>&nope;</a>")).toThrow(XmlRejected);
    expect(() => parseXml("<a>&#0;</a>")).toThrow(XmlRejected);
  });

  it("refuses a DOCTYPE, unbound prefixes, mismatched tags, and trailing content", () => {
    const doctype = () => parseXml('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>');
    expect(doctype).toThrow(expect.objectContaining({ reason: "doctype" }));
    for (const bad of ["<x:a/>", "<a></b>", "<a/><b/>", "<a", "", "<a b='1' b='2'/>"]) expect(() => parseXml(bad), bad).toThrow(XmlRejected);
  });

  it("bounds nesting, element count and attributes on one element (namespace declarations included)", () => {
    expect(() => parseXml(`${"<a>".repeat(100)}${"</a>".repeat(100)}`)).toThrow(expect.objectContaining({ reason: "too-large" }));
    expect(() => parseXml(`<a>${"<b/>".repeat(20)}</a>`, { maxDepth: 10, maxElements: 10, maxAttributes: 64 })).toThrow(expect.objectContaining({ reason: "too-large" }));
    const attributes = (n: number) => Array.from({ length: n }, (_, i) => `a${i}=""`).join(" ");
    expect(parseXml(`<a ${attributes(64)}/>`).attrs.size).toBe(64);
    expect(() => parseXml(`<a ${attributes(65)}/>`)).toThrow(expect.objectContaining({ reason: "too-large", message: expect.stringContaining("more than 64 attributes") }));
    // An attack seen in review: 150,000 attributes took a minute of the server's one thread to refuse as duplicates.
    expect(() => parseXml(`<a ${attributes(150_000)}/>`)).toThrow(expect.objectContaining({ reason: "too-large" }));
    const declarations = Array.from({ length: 20_000 }, (_, i) => `xmlns:p${i}="u"`).join(" ");
    expect(() => parseXml(`<d:a xmlns:d="DAV:" ${declarations}/>`)).toThrow(expect.objectContaining({ reason: "too-large" }));
  });

  it("resolves a prefix declared far up through every element between, and lets a nearer declaration win", () => {
    const depth = 60;
    const root = parseXml(`<d:a xmlns:d="DAV:" xmlns:x="urn:outer">${"<x:b xmlns:y='urn:y'>".repeat(depth)}<x:leaf/>${"</x:b>".repeat(depth)}</d:a>`);
    let element = root;
    for (let level = 0; level < depth; level++) element = element.children[0]!;
    expect(element.children[0]).toMatchObject({ ns: "urn:outer", name: "leaf" });
    const shadowed = parseXml(`<x:a xmlns:x="urn:outer"><x:b xmlns:x="urn:inner"><x:c/></x:b><x:d/></x:a>`);
    expect(shadowed.children.map((child) => child.ns)).toEqual(["urn:inner", "urn:outer"]);
    expect(shadowed.children[0]!.children[0]!.ns).toBe("urn:inner");
    expect(parseXml(`<a xmlns="urn:default"><b xmlns=""/></a>`).children[0]!.ns).toBe("");
  });
});

describe("DAV paths", () => {
  it("round-trips every resource, with and without the trailing slash", () => {
    const resources = [
      { kind: "root" },
      { kind: "principal", agentId: 7 },
      { kind: "home", agentId: 7 },
      { kind: "book", agentId: 7, book: { kind: "all" } },
      { kind: "book", agentId: 7, book: { kind: "campaign", value: "Été 2026 / promo" } },
      { kind: "card", agentId: 7, book: { kind: "all" }, shareId: 42 },
    ] as const;
    for (const resource of resources) {
      const path = ({ root: "/dav/", principal: "/dav/principals/7/", home: "/dav/addressbooks/7/" } as Record<string, string>)[resource.kind];
      const built = path ?? (resource.kind === "card" ? "/dav/addressbooks/7/all/share-42.vcf" : `/dav/addressbooks/7/${"book" in resource ? slugOfBook(resource.book) : ""}/`);
      expect(resourceOfPath(built)).toEqual(resource);
      expect(resourceOfPath(built.replace(/\/$/, ""))).toEqual(resource);
    }
  });

  it("accepts only the one spelling of a campaign slug", () => {
    expect(bookOfSlug(slugOfBook({ kind: "campaign", value: "a" }))).toEqual({ kind: "campaign", value: "a" });
    expect(bookOfSlug("campaign-YQ==")).toBeNull();
    expect(bookOfSlug("campaign-")).toBeNull();
    expect(resourceOfPath("/dav/addressbooks/7/all/share-042.vcf")).toBeNull();
    expect(resourceOfPath("/dav/addressbooks/7/all/share-1.vcf.bak")).toBeNull();
  });
});

describe("addressbook-query filters", () => {
  const card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nitem1.TEL;TYPE=CELL:+44 7700 900123\r\nitem1.X-ABLabel:Office\r\nNOTE:long\r\n  folded\\, text\r\nEND:VCARD\r\n";
  const filter = (xml: string) => parseCardFilter(parseXml(`<C:filter xmlns:C="urn:ietf:params:xml:ns:carddav" ${xml}`));

  it("matches grouped properties, folded values, unicode case-folding and parameters", () => {
    expect(matchesFilter(filter(`><C:prop-filter name="tel"><C:text-match>7700</C:text-match></C:prop-filter></C:filter>`), card)).toBe(true);
    expect(matchesFilter(filter(`><C:prop-filter name="FN"><C:text-match>ZOË</C:text-match></C:prop-filter></C:filter>`), card)).toBe(true);
    expect(matchesFilter(filter(`><C:prop-filter name="FN"><C:text-match collation="i;octet">ZOË</C:text-match></C:prop-filter></C:filter>`), card)).toBe(false);
    expect(matchesFilter(filter(`><C:prop-filter name="NOTE"><C:text-match match-type="ends-with">folded, text</C:text-match></C:prop-filter></C:filter>`), card)).toBe(true);
    expect(matchesFilter(filter(`><C:prop-filter name="TEL"><C:param-filter name="TYPE"><C:text-match match-type="equals">cell</C:text-match></C:param-filter></C:prop-filter></C:filter>`), card)).toBe(true);
    expect(matchesFilter(filter(`test="allof"><C:prop-filter name="FN"/><C:prop-filter name="EMAIL"/></C:filter>`), card)).toBe(false);
  });

  it("refuses a filter too large to match against every card: long texts, many prop-filters, many tests", () => {
    const refused = (xml: string, message: string) => expect(() => filter(xml), message).toThrow(expect.objectContaining({ reason: "malformed", message: expect.stringContaining(message) }));
    expect(matchesFilter(filter(`><C:prop-filter name="FN"><C:text-match>${"ö".repeat(256)}</C:text-match></C:prop-filter></C:filter>`), card)).toBe(false);
    refused(`><C:prop-filter name="FN"><C:text-match>${"é".repeat(257)}</C:text-match></C:prop-filter></C:filter>`, "at most 256");
    refused(`>${'<C:prop-filter name="FN"/>'.repeat(33)}</C:filter>`, "at most 32");
    refused(`><C:prop-filter name="FN">${"<C:text-match>a</C:text-match>".repeat(17)}</C:prop-filter></C:filter>`, "at most 16");
  });
});
