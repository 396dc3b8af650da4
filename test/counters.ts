import { expect } from "vitest";
import { getStore } from "@/app/_server/store";
import type { NewContactShare } from "@/lib/model/contact-share";
import { counterKeysOf, dayOf, shareFacetsOf } from "@/lib/model/share-facets";
import { campaignFields, campaignPeopleOf, noPreviousDay } from "@/lib/model/campaign-counters";
import { sqlAll, testEngine } from "./database";

/**
 * Checks the counters kept on write against a recount from the shares that remain: every counter,
 * daily count and facet row, and that no counter is left of a sender no share carries.
 */
type Row = Pick<NewContactShare, "ref" | "ref1" | "ref2" | "senderWaId" | "senderUserId" | "senderProfileName" | "businessPhoneNumber" | "businessPhoneNumberId" | "wabaId" | "phones" | "sortName"> & { id: number; sortAt: Date };

export async function remainingShares(): Promise<Row[]> {
  const rows = await sqlAll<Record<string, unknown>>(
    `select id, ref, ref1, ref2, sender_wa_id, sender_user_id, sender_profile_name, business_phone_number, business_phone_number_id, waba_id, sort_at, phones, sort_name from contact_shares`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    ref: row.ref as string | null,
    ref1: row.ref1 as string | null,
    ref2: row.ref2 as string | null,
    senderWaId: row.sender_wa_id as string | null,
    senderUserId: row.sender_user_id as string | null,
    senderProfileName: row.sender_profile_name as string | null,
    businessPhoneNumber: row.business_phone_number as string | null,
    businessPhoneNumberId: row.business_phone_number_id as string | null,
    wabaId: row.waba_id as string | null,
    sortAt: new Date(row.sort_at as number | string | Date),
    phones: typeof row.phones === "string" ? JSON.parse(row.phones) : (row.phones as NewContactShare["phones"]),
    sortName: row.sort_name as string,
  }));
}

export async function expectCountersExact(options: { campaigns?: string[] } = {}): Promise<void> {
  const rows = await remainingShares();
  const expectedCounters = new Map<string, number>();
  const expectedDays = new Map<number, number>();
  const expectedFacets = new Set<string>();
  for (const row of rows) {
    const share = row as unknown as NewContactShare;
    for (const key of counterKeysOf(share)) expectedCounters.set(`${key.facet}|${key.value}`, (expectedCounters.get(`${key.facet}|${key.value}`) ?? 0) + 1);
    expectedDays.set(dayOf(row.sortAt), (expectedDays.get(dayOf(row.sortAt)) ?? 0) + 1);
    for (const facet of shareFacetsOf(share)) expectedFacets.add(`${facet.facet}|${facet.value}|${row.id}`);
  }
  const counters = await sqlAll<{ facet: string; value: string; n: number | string }>("select facet, value, sum(count) as n from facet_counts group by facet, value");
  const storedCounters = new Map(counters.map((row) => [`${row.facet}|${row.value}`, Number(row.n)]));
  // A total of zero is "none" (PostgreSQL may keep shards that cancel out); a person's values never stay at all.
  for (const [key, n] of storedCounters) if (n === 0) storedCounters.delete(key);
  expect(Object.fromEntries(storedCounters)).toEqual(Object.fromEntries(expectedCounters));
  const personal = counters.filter((row) => (row.facet === "sender" || row.facet === "sender_name") && !expectedCounters.has(`${row.facet}|${row.value}`));
  expect(personal).toEqual([]);

  const days = await sqlAll<{ day: number | string; n: number | string }>("select day, sum(count) as n from daily_counts group by day");
  expect(Object.fromEntries(days.map((row) => [Number(row.day), Number(row.n)]).filter(([, n]) => n !== 0))).toEqual(Object.fromEntries(expectedDays));

  const facets = await sqlAll<{ facet: string; value: string; share_id: number | string }>("select facet, value, share_id from share_facets");
  expect(new Set(facets.map((row) => `${row.facet}|${row.value}|${Number(row.share_id)}`))).toEqual(expectedFacets);

  await expectCampaignCountersExact(rows);

  // And the answers the pages and API give, from those counters, agree with a walk over the cards.
  const store = await getStore();
  expect(await store.countContacts({})).toBe(rows.length);
  for (const campaign of options.campaigns ?? []) {
    expect(await store.countContacts({ campaign })).toBe(rows.filter((row) => [row.ref, row.ref1, row.ref2].includes(campaign)).length);
  }
}


/**
 * The campaign counters against a recount written independently of lib/model/campaign-counters.ts:
 * shares per field, day and value; each key's days; each key-day linked to the key's previous day.
 */
async function expectCampaignCountersExact(rows: Row[]): Promise<void> {
  const shares = new Map<string, number>();
  const keyDays = new Map<string, number>();
  for (const row of rows) {
    const day = dayOf(row.sortAt);
    const byField: Record<string, string[]> = {
      ref: [row.ref || ""],
      ref1: [row.ref1 || ""],
      ref2: [row.ref2 || ""],
      campaign: [...new Set([row.ref, row.ref1, row.ref2].filter((v): v is string => !!v))],
    };
    if (byField.campaign!.length === 0) byField.campaign = [""];
    for (const field of campaignFields) {
      for (const value of byField[field]!) {
        shares.set(`${field}|${day}|${value}`, (shares.get(`${field}|${day}|${value}`) ?? 0) + 1);
        if (value === "") continue;
        for (const person of campaignPeopleOf(row)) {
          const id = `${field}|${person.kind}|${value}|${person.key}|${day}`;
          keyDays.set(id, (keyDays.get(id) ?? 0) + 1);
        }
      }
    }
  }
  const storedShares = await sqlAll<{ field: string; day: number | string; value: string; n: number | string }>("select field, day, value, sum(count) as n from campaign_daily_counts group by field, day, value");
  expect(Object.fromEntries(storedShares.map((r) => [`${r.field}|${Number(r.day)}|${r.value}`, Number(r.n)]).filter(([, n]) => n !== 0))).toEqual(Object.fromEntries(shares));

  const storedDays = await sqlAll<{ field: string; kind: string; value: string; key: string; day: number | string; count: number | string }>("select field, kind, value, key, day, count from campaign_key_days");
  expect(Object.fromEntries(storedDays.map((r) => [`${r.field}|${r.kind}|${r.value}|${r.key}|${Number(r.day)}`, Number(r.count)]))).toEqual(Object.fromEntries(keyDays));

  const daysByKey = new Map<string, number[]>();
  for (const id of keyDays.keys()) {
    const parts = id.split("|");
    const day = Number(parts.pop());
    const key = parts.join("|");
    daysByKey.set(key, [...(daysByKey.get(key) ?? []), day]);
  }
  const links = new Map<string, number>();
  for (const [key, days] of daysByKey) {
    const [field, kind, value] = key.split("|");
    days.sort((a, b) => a - b).forEach((day, index) => {
      const id = `${field}|${kind}|${day}|${value}|${index === 0 ? noPreviousDay : days[index - 1]}`;
      links.set(id, (links.get(id) ?? 0) + 1);
    });
  }
  const storedLinks = await sqlAll<{ field: string; kind: string; day: number | string; value: string; prev_day: number | string; n: number | string }>(
    "select field, kind, day, value, prev_day, sum(count) as n from campaign_key_firsts group by field, kind, day, value, prev_day",
  );
  expect(Object.fromEntries(storedLinks.map((r) => [`${r.field}|${r.kind}|${Number(r.day)}|${r.value}|${Number(r.prev_day)}`, Number(r.n)]).filter(([, n]) => n !== 0))).toEqual(Object.fromEntries(links));

  // PostgreSQL also keeps the links summed per day (campaign_key_reach): reach[k] counts the keys of
  // the day whose previous day is at least k days back, k = 1…32 (32: more than 31 days, or none).
  if (testEngine !== "postgres") return;
  const reach = new Map<string, number[]>();
  for (const [id, n] of links) {
    const [field, kind, day, value, prev] = id.split("|");
    const gap = Math.min(Number(day) - Number(prev), 32);
    const dayId = `${field}|${kind}|${value}|${day}`;
    const counts = reach.get(dayId) ?? Array<number>(32).fill(0);
    for (let k = 1; k <= gap; k++) counts[k - 1]! += n;
    reach.set(dayId, counts);
  }
  const storedReach = new Map<string, number[]>();
  for (const r of await sqlAll<{ field: string; kind: string; value: string; day: number | string; reach: number[] }>("select field, kind, value, day, reach from campaign_key_reach")) {
    const dayId = `${r.field}|${r.kind}|${r.value}|${Number(r.day)}`;
    expect(r.reach).toHaveLength(32);
    const counts = storedReach.get(dayId) ?? Array<number>(32).fill(0);
    r.reach.forEach((n, index) => (counts[index]! += n));
    storedReach.set(dayId, counts);
  }
  expect(Object.fromEntries([...storedReach].filter(([, counts]) => counts.some((n) => n !== 0)))).toEqual(Object.fromEntries(reach));
}
