import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import { deleteContact } from "@/lib/lifecycle/delete-contact";
import { deleteSharesInBatches } from "@/lib/lifecycle/delete-in-batches";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { expectCountersExact, remainingShares } from "@/test/counters";
import { sqlAll } from "@/test/database";

/**
 * Counters kept on write must stay exact through deletes: after any mix of ingests and deletes
 * (single ones, and batches as erasure and retention make them), every counter, daily count and
 * facet row equals a recount from the shares that remain; and nothing is left of a value no share carries.
 */

const campaigns = ["", "spring", "summer", "autumn"];
const senders = [
  { from: "447700900001", profile: "Alma" },
  { from: "447700900002", profile: "Bruno" },
  { from: "447700900003", profile: "Alma" },
];
const businesses = ["15550001", "15550002"];

const messageSpec = fc.record({
  cards: fc.integer({ min: 1, max: 3 }),
  ref: fc.constantFrom(...campaigns),
  ref1: fc.constantFrom(...campaigns),
  ref2: fc.constantFrom(...campaigns),
  sender: fc.nat({ max: senders.length - 1 }),
  business: fc.nat({ max: businesses.length - 1 }),
  day: fc.nat({ max: 4 }),
  // Who is on the cards: a few people shared again and again (by phone or by name alone), so the
  // campaign counters' per-person days appear, go and re-link in every order.
  people: fc.array(fc.nat({ max: 5 }), { minLength: 3, maxLength: 3 }),
});

const people = [
  { name: { formatted_name: "Rita Phone" }, phones: [{ phone: "+44 7700 900123", wa_id: "447700900123" }] },
  { name: { formatted_name: "Sam Phone" }, phones: [{ phone: "+34 612 34 56 78" }] },
  { name: { formatted_name: "Only Name" } },
  { name: { formatted_name: "only NAME" } },
];

type MessageSpec = typeof messageSpec extends fc.Arbitrary<infer T> ? T : never;

let messages = 0;

async function ingest(spec: MessageSpec): Promise<void> {
  const index = ++messages;
  const sender = senders[spec.sender]!;
  const body = kaleyraCallback({
    messageId: `counters-${index}`,
    from: sender.from,
    profileName: sender.profile,
    displayPhoneNumber: businesses[spec.business],
    timestamp: String(1_760_000_000 + spec.day * 86_400 + index),
    extraInfo: { ref: spec.ref, ref1: spec.ref1, ref2: spec.ref2 },
    cards: Array.from({ length: spec.cards }, (_, card) => people[spec.people[card]!] ?? { name: { formatted_name: `Counted ${index}.${card}` } }),
  });
  expect((await postCallback(body)).status).toBe(200);
}

describe("counters after deletes", () => {
  it("equal a recount after any mix of ingests, single deletes and batch deletes", async () => {
    const store = await getStore();
    await fc.assert(
      fc.asyncProperty(fc.array(messageSpec, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 12 }), async (specs, singles, batch) => {
        for (const spec of specs) await ingest(spec);
        const ids = (await remainingShares()).map((row) => row.id);
        for (const pick of singles) {
          const id = ids[pick % ids.length];
          if (id !== undefined) await deleteContact(store, { id, actor: { type: "cli" }, clientAddress: null });
        }
        const picked = [...new Set(batch.map((pick) => ids[pick % ids.length]!))];
        await deleteSharesInBatches(store, { ids: picked, bodies: "remove-cards", searchIndex: "compact-later", at: new Date() });
        await expectCountersExact({ campaigns: campaigns.filter(Boolean) });
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it("leave nothing behind when every share is deleted", async () => {
    const store = await getStore();
    const ids = (await remainingShares()).map((row) => row.id);
    await deleteSharesInBatches(store, { ids, bodies: "drop", searchIndex: "now", at: new Date() });
    await expectCountersExact({ campaigns: campaigns.filter(Boolean) });
    expect(await sqlAll("select * from share_facets")).toEqual([]);
    expect(await sqlAll("select * from contact_search_text")).toEqual([]);
    expect(await sqlAll("select facet, value from facet_counts where facet in ('sender', 'sender_name', 'person')")).toEqual([]);
    expect(await sqlAll("select * from campaign_key_days")).toEqual([]);
    expect(await sqlAll("select * from redelivered_messages")).toEqual([]);
    expect(await store.listFacetValues({ facet: "sender", limit: 10 })).toEqual([]);
    expect(await store.listFacetValues({ facet: "campaign", limit: 10 })).toEqual([]);
    expect(await store.listCampaigns()).toEqual([]);
  }, 60_000);
});
