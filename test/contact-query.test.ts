import { describe, expect, it } from "vitest";
import { seedOnce } from "@/test/seed-once";
import { getStore } from "@/app/_server/store";
import { businesses, campaigns, senders } from "@/bench/dataset";
import { searchCountCap, type ContactFilterSet, type ContactSort } from "@/lib/model/contact-query";
import type { ContactShare } from "@/lib/model/contact-share";
import { searchTermOf } from "@/lib/model/search-text";
import { contactKeyOf } from "@/lib/model/campaign-counters";
import type { Store } from "@/lib/model/store";
import { GET as listRoute } from "@/app/api/contacts/route";
import { apiRequest } from "./callbacks";
import { craftedCards, generatedCards, seedContactQueryCards } from "./contact-query-seed";
import { sqlAll, testEngine } from "./database";

type CountContactsParams = ContactFilterSet;

/**
 * The planner picks a different index for each filter combination; this checks every plan against
 * the plain meaning of the filters, computed here in JavaScript over all rows.
 */
const total = generatedCards;
const crafted = craftedCards;
let rows: (ContactShare & { searchText: string })[] = [];
let store: Store;

seedOnce(async () => {
  store = await getStore();
  // On PostgreSQL the database starts as a copy of the seeded template (test/fresh-database.ts).
  if (testEngine === "sqlite") await seedContactQueryCards(store);
  const texts = new Map((await sqlAll<{ share_id: number; text: string }>("select share_id, text from contact_search_text")).map((row) => [Number(row.share_id), row.text]));
  rows = (await listAll()).map((row) => ({ ...row, searchText: texts.get(row.id)! }));
});

async function listThroughApi(query: string): Promise<{ total: number; totalIsExact: boolean }> {
  const response = await listRoute(await apiRequest(`http://localhost/api/contacts?${query}`));
  expect(response.status).toBe(200);
  return response.json();
}

async function listAll(): Promise<ContactShare[]> {
  const all: ContactShare[] = [];
  for await (const batch of store.iterateContactBatches({ batchSize: 700 })) all.push(...batch);
  return all;
}

function expected(filters: CountContactsParams): number[] {
  const term = filters.q ? searchTermOf(filters.q) : "";
  const senderIsId = filters.sender !== undefined && rows.some((row) => (row.senderWaId ?? row.senderUserId) === filters.sender);
  const from = filters.from ? Date.parse(`${filters.from}T00:00:00Z`) : -Infinity;
  const to = filters.to ? Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000 : Infinity;
  const matching = rows.filter(
    (row) =>
      (term === "" || row.searchText.includes(term)) &&
      (filters.campaign === undefined || [row.ref, row.ref1, row.ref2].includes(filters.campaign)) &&
      (filters.sender === undefined || (senderIsId ? (row.senderWaId ?? row.senderUserId) === filters.sender : row.senderProfileName === filters.sender)) &&
      (filters.business === undefined || row.businessPhoneNumber === filters.business || row.businessPhoneNumberId === filters.business) &&
      (filters.waba === undefined || row.wabaId === filters.waba) &&
      (filters.ref === undefined || row.ref === filters.ref) &&
      (filters.ref1 === undefined || row.ref1 === filters.ref1) &&
      (filters.ref2 === undefined || row.ref2 === filters.ref2) &&
      (filters.person === undefined || contactKeyOf(row) === filters.person) &&
      row.sortAt.getTime() >= from &&
      row.sortAt.getTime() < to,
  );
  // Search results come in arrival order; everything else by message time.
  const sorted = term !== "" ? matching.sort((a, b) => b.id - a.id) : matching.sort((a, b) => b.sortAt.getTime() - a.sortAt.getTime() || b.id - a.id);
  return sorted.map((row) => row.id);
}

const cases: CountContactsParams[] = [
  {},
  { q: "sharma" },
  { q: "an" },
  { q: "小明" },
  { q: "明" },
  { q: "+91 9" },
  { q: "example.com" },
  { campaign: campaigns[3] },
  { campaign: campaigns[3], q: "ana" },
  { campaign: campaigns[5], from: "2026-01-01", to: "2026-03-31" },
  { sender: senders[7]!.waId },
  { sender: senders[7]!.name },
  { sender: senders[7]!.waId, campaign: campaigns[1] },
  { business: businesses[2]!.display },
  { business: businesses[2]!.id },
  { business: businesses[2]!.id, q: "li" },
  { waba: businesses[4]!.waba },
  { ref1: campaigns[8] },
  { ref: campaigns[0], ref2: campaigns[14] },
  { from: "2026-05-01" },
  { to: "2026-02-01" },
  { from: "2026-06-01", to: "2026-06-30" },
  { q: "zzzz-nothing" },
  { q: "sha" },
  { q: "nan" },
  { q: "anan" },
  { q: "aaaa" },
  { q: "aaab" },
  { q: '"q"' },
  { q: 'a "q' },
  { campaign: "no-such-campaign" },
  { q: "off_sale" },
  { q: "50%" },
  { q: "[x]" },
  { q: "*?" },
  { q: "x]*" },
  { q: "k\\s" },
  { q: "_" },
  { q: "%" },
  { q: "?" },
  { q: "\\" },
  { q: "an", from: "2026-03-01" },
  { q: "an", to: "2026-03-01" },
  { q: "sharma", from: "2026-03-01", to: "2026-08-31" },
  { sender: senders[7]!.name, from: "2026-03-01" },
  { sender: senders[7]!.name, to: "2026-05-31" },
];

describe("contact queries agree with the filters' plain meaning", () => {
  it("stored every card", () => {
    expect(rows).toHaveLength(total + crafted);
  });

  it.each(cases)("%j", async (filters) => {
    const ids = expected(filters);
    expect(await store.countContacts(filters)).toBe(Math.min(ids.length, filters.q ? searchCountCap + 1 : Infinity));
    expect((await store.listContacts({ ...filters, sort: "newest", page: 1, pageSize: 20 })).map((row) => row.id)).toEqual(ids.slice(0, 20));
    expect((await store.listContacts({ ...filters, sort: "newest", page: 4, pageSize: 20 })).map((row) => row.id)).toEqual(ids.slice(60, 80));
    const exported: number[] = [];
    // Batches small enough that every filter's export continues from a keyset position several times.
    for await (const batch of store.iterateContactBatches({ ...filters, batchSize: 17 })) exported.push(...batch.map((row) => row.id));
    expect(exported).toEqual(ids);
    const oldest = (await store.listContacts({ ...filters, sort: "oldest", page: 1, pageSize: 10 })).map((row) => row.id);
    expect(oldest).toEqual([...ids].reverse().slice(0, 10));
    expect(await store.countContactsAfter({ ...filters, afterId: 1200 })).toBe(ids.filter((id) => id > 1200).length);
  });

  it("finds a person's cards by their key, alone and with other filters", async () => {
    const person = contactKeyOf(rows[10]!)!;
    for (const filters of [{ person }, { person, campaign: rows[10]!.ref ?? "none" }, { person, q: "zzzz" }, { person: "+10000000000" }, { person, from: "2020-01-01" }]) {
      const ids = expected(filters);
      expect(await store.countContacts(filters)).toBe(ids.length);
      expect((await store.listContacts({ ...filters, sort: "newest", page: 1, pageSize: 20 })).map((row) => row.id)).toEqual(ids.slice(0, 20));
    }
    expect(expected({ person })).toContain(rows[10]!.id);
    // Driven by another filter, the person is checked on each row.
    expect((await store.listContacts({ q: rows[10]!.sortName.slice(0, 5), person, sort: "newest", page: 1, pageSize: 20 })).map((row) => row.id)).toEqual(expected({ q: rows[10]!.sortName.slice(0, 5), person }).slice(0, 20));
  });

  it("says a count past the cap is exact unless it is a search's (the API's totalIsExact)", async () => {
    const everything = await listThroughApi("");
    expect(everything).toMatchObject({ total: total + crafted, totalIsExact: true });
    const campaign = await listThroughApi(`campaign=${campaigns[3]}`);
    expect(campaign).toMatchObject({ total: expected({ campaign: campaigns[3] }).length, totalIsExact: true });
    expect(await listThroughApi("q=e")).toMatchObject({ total: searchCountCap + 1, totalIsExact: false });
    expect(await listThroughApi("q=%20")).toMatchObject({ total: total + crafted, totalIsExact: true });
  });

  it("caps a search's count: past searchCountCap it reports searchCountCap + 1, meaning more", async () => {
    const common = expected({ q: "e" });
    expect(common.length).toBeGreaterThan(searchCountCap);
    expect(await store.countContacts({ q: "e" })).toBe(searchCountCap + 1);
    expect(await store.countContacts({ q: "sharma" })).toBe(expected({ q: "sharma" }).length);
  });

  it.each<ContactFilterSet>([
    { campaign: campaigns[2] },
    {},
    { q: "sharma" },
    { q: "an" },
    { sender: senders[7]!.name },
    { from: "2026-03-01", to: "2026-05-31" },
    { business: businesses[2]!.id, ref1: campaigns[8] },
  ])("sorts by name, phone, sender and campaign over the filtered set %j, in that order", async (filters) => {
    const matching = rows.filter((row) => new Set(expected(filters)).has(row.id));
    // SQLite's order: NULL before any text ascending, after it descending.
    const text = (value: string | null) => value ?? "";
    const compare = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
    const keyed: Record<string, { key: (row: ContactShare) => string; order: (a: ContactShare, b: ContactShare) => number }> = {
      name: { key: (row) => row.sortName, order: (a, b) => compare(a.sortName, b.sortName) || a.id - b.id },
      name_desc: { key: (row) => row.sortName, order: (a, b) => compare(b.sortName, a.sortName) || b.id - a.id },
      phone: { key: (row) => row.sortPhone, order: (a, b) => compare(a.sortPhone, b.sortPhone) || a.id - b.id },
      phone_desc: { key: (row) => row.sortPhone, order: (a, b) => compare(b.sortPhone, a.sortPhone) || b.id - a.id },
      sender: { key: (row) => `${text(row.senderProfileName)}|${row.sortAt.getTime()}`, order: (a, b) => compare(a.senderProfileName, b.senderProfileName) || b.sortAt.getTime() - a.sortAt.getTime() },
      sender_desc: { key: (row) => `${text(row.senderProfileName)}|${row.sortAt.getTime()}`, order: (a, b) => compare(b.senderProfileName, a.senderProfileName) || b.sortAt.getTime() - a.sortAt.getTime() },
      campaign: { key: (row) => `${text(row.ref1)}|${row.sortAt.getTime()}`, order: (a, b) => compare(a.ref1, b.ref1) || b.sortAt.getTime() - a.sortAt.getTime() },
      campaign_desc: { key: (row) => `${text(row.ref1)}|${row.sortAt.getTime()}`, order: (a, b) => compare(b.ref1, a.ref1) || b.sortAt.getTime() - a.sortAt.getTime() },
    };
    for (const [sort, { key, order }] of Object.entries(keyed)) {
      const wanted = [...matching].sort(order);
      for (const page of [1, 3]) {
        const got = await store.listContacts({ ...filters, sort: sort as ContactSort, page, pageSize: 40 });
        // Rows with equal keys may come in any order; the keys themselves must come in exactly this order.
        expect(got.map(key), `${sort} page ${page}`).toEqual(wanted.slice((page - 1) * 40, page * 40).map(key));
      }
    }
    // The keys differ along the page, so the order is really being checked.
    if (filters.campaign === undefined) return;
    expect(new Set((await store.listContacts({ ...filters, sort: "phone", page: 1, pageSize: 40 })).map((row) => row.sortPhone)).size).toBeGreaterThan(30);
    expect(new Set((await store.listContacts({ ...filters, sort: "sender", page: 1, pageSize: 40 })).map((row) => row.senderProfileName)).size).toBeGreaterThan(1);
  });

});
