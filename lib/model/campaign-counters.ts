import type { NewContactShare } from "./contact-share";

/**
 * The campaign counters kept on write (per UTC day of a card's sort time, like daily_counts):
 * shares per day and campaign value of each field, and what makes distinct senders and contacts
 * over any range of days exact without reading the cards.
 *
 * `campaign` is the field "any": a card counts once per distinct value of ref, ref1 and ref2
 * (as the inbox's `campaign` filter finds it). The value "" counts cards with no value in the field.
 */
export const campaignFields = ["campaign", "ref", "ref1", "ref2"] as const;
export type CampaignField = (typeof campaignFields)[number];

/** Whose distinct number is counted: the customer who shared (wa_id, else user id), or the person on the card. */
export const campaignPeopleKinds = ["sender", "contact"] as const;
export type CampaignPeopleKind = (typeof campaignPeopleKinds)[number];

/**
 * In campaign_key_firsts, the `prev_day` of a key's first day: no earlier day. Distinct keys over
 * days [from, to] = the keys' days in the range whose previous day (for the same field, value and
 * key) lies before `from`: each key is counted exactly once, on its first day in the range.
 */
export const noPreviousDay = -2_147_483_648;

/**
 * Links to a previous day at most this many days back are "near", the others (and none) "far", kept
 * apart in campaign_key_firsts: a near link on a day more than this many days after `from` has its
 * previous day in the range, so a long range reads near links only for its first days.
 */
export const nearLinkDays = 31;

/** Whether a key's day links to a previous day more than nearLinkDays back, or to none. */
export function isFarLink(day: number, prevDay: number): boolean {
  return day - prevDay > nearLinkDays;
}

/** The (field, value) pairs a card adds one share to; "" when the field holds no value. */
export function campaignValuesByField(row: Pick<NewContactShare, "ref" | "ref1" | "ref2">): { field: CampaignField; value: string }[] {
  const any = [...new Set([row.ref, row.ref1, row.ref2].filter((value): value is string => Boolean(value)))];
  const keys: { field: CampaignField; value: string }[] = any.length ? any.map((value) => ({ field: "campaign", value })) : [{ field: "campaign", value: "" }];
  for (const field of ["ref", "ref1", "ref2"] as const) keys.push({ field, value: row[field] || "" });
  return keys;
}

/** The sender and contact a card is counted under, where it has them. */
export function campaignPeopleOf(row: Pick<NewContactShare, "senderWaId" | "senderUserId" | "phones" | "sortName">): { kind: CampaignPeopleKind; key: string }[] {
  const people: { kind: CampaignPeopleKind; key: string }[] = [];
  const sender = row.senderWaId ?? row.senderUserId;
  if (sender) people.push({ kind: "sender", key: sender });
  const contact = contactKeyOf(row);
  if (contact) people.push({ kind: "contact", key: contact });
  return people;
}

/**
 * Who a card is about, to tell whether the same person was shared before: the E.164 number of
 * its first phone that has one (parsed at ingest from the phone, else from its wa_id), else its
 * case-folded display name as "name:…" (a name alone is a weaker match: two Maria Garcías are one
 * key), else none.
 */
export function contactKeyOf(row: Pick<NewContactShare, "phones" | "sortName">): string | null {
  const e164 = row.phones.find((phone) => phone.e164)?.e164;
  if (e164) return e164;
  return row.sortName ? `name:${row.sortName}` : null;
}

/**
 * Every (field, value, kind, key) a card is counted under for distinct people: one entry per
 * campaign value with a value ("no campaign" has no distinct people), per sender and contact.
 */
export function campaignKeysOf(row: Pick<NewContactShare, "ref" | "ref1" | "ref2" | "senderWaId" | "senderUserId" | "phones" | "sortName">): { field: CampaignField; value: string; kind: CampaignPeopleKind; key: string }[] {
  const people = campaignPeopleOf(row);
  return campaignValuesByField(row)
    .filter((entry) => entry.value !== "")
    .flatMap((entry) => people.map((person) => ({ ...entry, ...person })));
}

/**
 * Shares per bucket (`day`, its first day) and value of one field, "" being "no campaign", with
 * the first and last day in the bucket that had a share: a value's totals over the range are
 * these summed (`campaignTotalsOf`), so one pass over the counters answers both.
 */
export type CampaignBucket = { day: number; value: string; shares: number; firstDay: number; lastDay: number };

/** Shares of one value over a range, with its first and last day with a share. */
export type CampaignTotal = { value: string; shares: number; firstDay: number; lastDay: number };

/** Distinct senders and contacts of one value over a range of days. */
export type CampaignPeopleCount = { value: string; senders: number; contacts: number };

export type CampaignRangeParams = { field: CampaignField; fromDay: number; toDay: number };

/** Each value's shares over the buckets, with its first and last day with a share. */
export function campaignTotalsOf(buckets: CampaignBucket[]): CampaignTotal[] {
  const totals = new Map<string, CampaignTotal>();
  for (const bucket of buckets) {
    const shares = Number(bucket.shares);
    const firstDay = Number(bucket.firstDay);
    const lastDay = Number(bucket.lastDay);
    const total = totals.get(bucket.value);
    if (!total) totals.set(bucket.value, { value: bucket.value, shares, firstDay, lastDay });
    else {
      total.shares += shares;
      total.firstDay = Math.min(total.firstDay, firstDay);
      total.lastDay = Math.max(total.lastDay, lastDay);
    }
  }
  return [...totals.values()];
}
