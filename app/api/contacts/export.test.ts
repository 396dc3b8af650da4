import ICAL from "ical.js";
import { parse as parseCsv } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { maxConcurrentExports } from "@/app/_server/render-export";
import { getStore } from "@/app/_server/store";
import { kaleyraCallback, postCallback, readSample, apiRequest } from "@/test/callbacks";
import { GET as exportCsv } from "./export.csv/route";
import { GET as exportVcf } from "./export.vcf/route";
import { GET as getUpdates } from "./updates/route";
import { GET as getVcard } from "./[id]/vcard/route";
import { GET as listContacts } from "./route";

async function idOf(query: string): Promise<number> {
  const json = (await (await listContacts(await apiRequest(`http://localhost/api/contacts?${query}`))).json()) as { items: { id: number }[] };
  return json.items[0]!.id;
}

async function vcardRequest(id: number | string, query = "") {
  return await getVcard(await apiRequest(`http://localhost/api/contacts/${id}/vcard${query}`), { params: Promise.resolve({ id: String(id) }) });
}

beforeAll(async () => {
  await postCallback(readSample("meta-contacts-message"));
  // A few callbacks of many messages each (one transaction apiece, each within the per-callback limit) keep the set-up quick.
  for (const refs of ["bulk-third", "bulk-rest"]) {
    const indexes = Array.from({ length: 1203 }, (_, i) => i).filter((i) => (i % 3 === 0) === (refs === "bulk-third"));
    for (let start = 0; start < indexes.length; start += 401) {
      const slice = indexes.slice(start, start + 401);
      const body = kaleyraCallback({ messageId: `bulk-${slice[0]}`, cards: [], extraInfo: { ref: refs } });
      body.meta_object.value.messages = slice.map((i) => ({
        from: "919800000001",
        id: `bulk-${i}`,
        timestamp: String(1_700_000_000 + i),
        type: "contacts",
        contacts: [{ name: { formatted_name: `Bulk ${i}` }, phones: [{ phone: `+1415555${String(i).padStart(4, "0")}` }] }],
      }));
      const response = await postCallback(body);
      expect(response.json).toMatchObject({ sharesStored: slice.length });
    }
  }
});

describe("GET /api/contacts/{id}/vcard", () => {
  it("answers a vCard 3.0 attachment named after the contact, RFC 6266 style", async () => {
    const response = await vcardRequest(await idOf("q=Tomás"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/vcard; charset=utf-8");
    const disposition = response.headers.get("content-disposition")!;
    expect(disposition).toContain('attachment; filename="Dr. Tomas Nunez-Garcia Jr.vcf"');
    expect(disposition).toContain("filename*=UTF-8''Dr.%20Tom%C3%A1s%20N%C3%BA%C3%B1ez-Garc%C3%ADa%20Jr.vcf");
    const text = await response.text();
    expect(text).toMatch(/^BEGIN:VCARD\r\nVERSION:3\.0\r\n/);
    const card = new ICAL.Component(ICAL.parse(text) as unknown[]);
    expect(card.getFirstPropertyValue("fn")).toBe("Dr. Tomás Núñez-García Jr.");
    const tels = card.getAllProperties("tel");
    expect(tels.map((tel) => tel.getFirstValue())).toEqual(["+34612345678", "+34912345678"]);
    expect(tels[0]!.getParameter("waid")).toBe("34612345678");
  });

  it("answers RFC 6350 with ?version=4.0 and 400 for another version", async () => {
    const id = await idOf("q=Tomás");
    expect(await (await vcardRequest(id, "?version=4.0")).text()).toContain("VERSION:4.0\r\n");
    const bad = await vcardRequest(id, "?version=2.1");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ path: "version" }] });
  });

  it("answers 404 JSON for an unknown or malformed id", async () => {
    for (const id of ["987654", "x1"]) {
      const response = await vcardRequest(id);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: "No contact with that id" });
    }
  });
});

describe("bulk export", () => {
  it("streams every matching contact as one .vcf, across several batches (802 cards: batches of 500 and 302)", async () => {
    const response = await exportVcf(await apiRequest("http://localhost/api/contacts/export.vcf?campaign=bulk-rest"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.vcf"/);
    const text = await response.text();
    expect(text.match(/BEGIN:VCARD\r\n/g)).toHaveLength(802);
    const names = [...text.matchAll(/^FN:(.*)\r$/gm)].map((match) => match[1]);
    // Every card once, newest first, with no seam between the batches.
    const expected = Array.from({ length: 1203 }, (_, i) => 1202 - i).filter((i) => i % 3 !== 0).map((i) => `Bulk ${i}`);
    expect(names).toEqual(expected);
  });

  it(`streams at most ${maxConcurrentExports} exports at once per server: the next is answered 429 until one ends, however it ends`, async () => {
    const start = async (path: string) => (path.includes(".csv") ? exportCsv : exportVcf)(await apiRequest(`http://localhost${path}`));
    const running = [];
    for (let i = 0; i < maxConcurrentExports; i++) running.push(await start(i % 2 ? "/api/contacts/export.csv?q=bulk" : "/api/contacts/export.vcf?q=bulk"));
    expect(running.map((response) => response.status)).toEqual(Array(maxConcurrentExports).fill(200));
    const busy = await start("/api/contacts/export.vcf?q=bulk");
    expect(busy.status).toBe(429);
    expect(busy.headers.get("retry-after")).toBe("5");
    expect(await busy.json()).toMatchObject({ error: `${maxConcurrentExports} exports are already running on this server` });
    // A client that goes away frees its slot, and so does one that reads to the end.
    await running[0]!.body!.cancel();
    const next = await start("/api/contacts/export.csv?q=bulk");
    expect(next.status).toBe(200);
    expect((await start("/api/contacts/export.vcf?q=bulk")).status).toBe(429);
    await next.text();
    for (const response of running.slice(1)) await response.text();
    const again = await Promise.all([1, 2, 3].map(() => start("/api/contacts/export.vcf?campaign=bulk-third")));
    expect(again.map((response) => response.status)).toEqual([200, 200, 200]);
    for (const response of again) expect((await response.text()).match(/BEGIN:VCARD\r\n/g)).toHaveLength(401);
  });

  it("streams CSV with a BOM, a header and one row per contact, neutralising formulas", async () => {
    const response = await exportCsv(await apiRequest("http://localhost/api/contacts/export.csv?q=bulk"));
    expect(response.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes).slice(1), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1203);
    expect(rows[0]!.phones).toBe("'+14155551202");
  });

  it("exports all the cards of one message, and 400s on a bad filter", async () => {
    const message = "wamid.HBgLNDQ3NzAwOTAwMTIzFQIAEhggQjFBMjNDNEQ1RTZGNzA4OTBBQkNERUYwMTIzNDU2NzgA";
    const text = await (await exportVcf(await apiRequest(`http://localhost/api/contacts/export.vcf?message=${encodeURIComponent(message)}`))).text();
    expect(text.match(/BEGIN:VCARD/g)).toHaveLength(2);
    const bad = await exportCsv(await apiRequest("http://localhost/api/contacts/export.csv?from=someday"));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ path: "from" }] });
  });
});

describe("GET /api/contacts/updates", () => {
  it("counts contacts matching the filters that arrived after an id", async () => {
    const latest = await (await getStore()).getLatestContactId();
    const count = async (query: string) => ((await (await getUpdates(await apiRequest(`http://localhost/api/contacts/updates?${query}`))).json()) as { count: number }).count;
    expect(await count(`after=${latest}`)).toBe(0);
    await postCallback(kaleyraCallback({ messageId: "live-1", cards: [{ name: { formatted_name: "Live One" } }], extraInfo: { ref: "live-campaign" } }));
    await postCallback(kaleyraCallback({ messageId: "live-2", cards: [{ name: { formatted_name: "Live Two" } }], extraInfo: { ref: "other-campaign" } }));
    expect(await count(`after=${latest}`)).toBe(2);
    expect(await count(`after=${latest}&campaign=live-campaign`)).toBe(1);
    const bad = await getUpdates(await apiRequest("http://localhost/api/contacts/updates?after=-3"));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ path: "after" }] });
  });
});
