import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import { deleteSharesInBatches } from "@/lib/lifecycle/delete-in-batches";
import { apiRequest, kaleyraCallback, postCallback } from "@/test/callbacks";
import { sqlAll } from "@/test/database";
import { GET } from "./route";

/**
 * GET /api/campaigns/stats against a recount of what the test itself posted (and deleted): every
 * bar, every campaign's shares, distinct senders and contacts, first and last day, over random
 * data, ranges, fields and intervals. Nothing here uses the app's own counting code.
 */

async function stats(query: string, authenticated = true) {
  const url = `http://localhost/api/campaigns/stats?${query}`;
  const response = await GET(authenticated ? await apiRequest(url) : new Request(url));
  return { status: response.status, headers: response.headers, json: (await response.json()) as any };
}

const dayZero = 20_400; // 2025-11-08, a UTC day number
const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** People on cards, each with the key the page counts them by (E.164, else "name:" + the lower-cased name). */
const people = [
  { card: { name: { formatted_name: "Rita Phone" }, phones: [{ phone: "+44 7700 900123", wa_id: "447700900123" }] }, key: "+447700900123" },
  { card: { name: { formatted_name: "Sam Phone" }, phones: [{ phone: "+34 612 34 56 78" }] }, key: "+34612345678" },
  { card: { name: { formatted_name: "Sam Again" }, phones: [{ phone: "not a number" }, { phone: "+34 612 34 56 78" }] }, key: "+34612345678" },
  { card: { name: { formatted_name: "Only Name" } }, key: "name:only name" },
  { card: { name: { formatted_name: "ONLY name" } }, key: "name:only name" },
  { card: { name: { formatted_name: "Ünique" } }, key: "name:ünique" },
];
const refs = ["", "spring", "summer", "autumn"];
const senders = ["447700900001", "447700900002", "447700900003"];

type Posted = { messageId: string; position: number; day: number; ref: string; ref1: string; ref2: string; sender: string; key: string };

const messageSpec = fc.record({
  // Days up to 80 apart: people come back after more than nearLinkDays (31) too.
  day: fc.oneof(fc.nat({ max: 6 }), fc.nat({ max: 80 })),
  second: fc.nat({ max: 86_399 }),
  ref: fc.constantFrom(...refs),
  ref1: fc.constantFrom(...refs),
  ref2: fc.constantFrom(...refs),
  sender: fc.constantFrom(...senders),
  cards: fc.array(fc.nat({ max: people.length - 1 }), { minLength: 1, maxLength: 3 }),
});
const querySpec = fc.record({
  from: fc.integer({ min: -3, max: 82 }),
  length: fc.oneof(fc.nat({ max: 25 }), fc.nat({ max: 90 })),
  field: fc.constantFrom("any", "ref", "ref1", "ref2"),
  interval: fc.constantFrom("day", "week", undefined),
});

let posted: Posted[] = [];
let messages = 0;

type MessageSpec = typeof messageSpec extends fc.Arbitrary<infer T> ? T : never;

async function post(spec: MessageSpec): Promise<void> {
  const messageId = `stats-${++messages}`;
  const body = kaleyraCallback({
    messageId,
    from: spec.sender,
    timestamp: String((dayZero + spec.day) * 86_400 + spec.second),
    extraInfo: { ref: spec.ref, ref1: spec.ref1, ref2: spec.ref2 },
    cards: spec.cards.map((person) => people[person]!.card),
  });
  expect((await postCallback(body)).status).toBe(200);
  spec.cards.forEach((person, position) => posted.push({ messageId, position, day: dayZero + spec.day, ref: spec.ref, ref1: spec.ref1, ref2: spec.ref2, sender: spec.sender, key: people[person]!.key }));
}

/** The answer recounted from the posted cards that remain. */
function expected(query: { fromDay: number; toDay: number; field: string; interval: "day" | "week" }) {
  const inRange = posted.filter((share) => share.day >= query.fromDay && share.day <= query.toDay);
  const valuesOf = (share: Posted) => (query.field === "any" ? [...new Set([share.ref, share.ref1, share.ref2].filter(Boolean))] : [share[query.field as "ref"]].filter(Boolean));
  const byValue = new Map<string, Posted[]>();
  let noCampaign = 0;
  for (const share of inRange) {
    const values = valuesOf(share);
    if (values.length === 0) noCampaign += 1;
    for (const value of values) byValue.set(value, [...(byValue.get(value) ?? []), share]);
  }
  const campaigns = [...byValue.entries()]
    .map(([value, shares]) => ({
      field: query.field,
      value,
      shares: shares.length,
      senders: new Set(shares.map((share) => share.sender)).size,
      contacts: new Set(shares.map((share) => share.key)).size,
      firstAt: iso(Math.min(...shares.map((share) => share.day))),
      lastAt: iso(Math.max(...shares.map((share) => share.day))),
    }))
    .sort((a, b) => b.shares - a.shares || (a.value < b.value ? -1 : 1));
  const step = query.interval === "week" ? 7 : 1;
  const series: { date: string; counts: Record<string, number> }[] = [];
  for (let day = query.fromDay; day <= query.toDay; day += step) {
    const counts: Record<string, number> = {};
    for (const share of inRange.filter((s) => s.day >= day && s.day < day + step)) {
      const values = valuesOf(share);
      for (const value of values.length ? values : [""]) counts[value] = (counts[value] ?? 0) + 1;
    }
    series.push({ date: iso(day), counts });
  }
  return { from: iso(query.fromDay), to: iso(query.toDay), interval: query.interval, field: query.field, series, campaigns, shares: inRange.length, noCampaign, truncated: false };
}

describe("GET /api/campaigns/stats", () => {
  it("answers 401 without a session or token", async () => {
    expect((await stats("", false)).status).toBe(401);
  });

  it.each([
    ["from=2025-13-01", "from"],
    ["to=yesterday", "to"],
    ["from=2025-02-01&to=2025-01-01", "to"],
    ["from=2024-01-01&to=2025-06-01", "from"],
    ["interval=month", "interval"],
    ["field=ref3", "field"],
    ["period=1y", "period"],
  ])("answers 400 naming the bad parameter: %s", async (query, path) => {
    const { status, json, headers } = await stats(query);
    expect(status).toBe(400);
    expect(json.issues.map((issue: { path: string }) => issue.path)).toEqual([path]);
    expect(headers.get("cache-control")).toBe("no-store");
  });

  it("defaults to the last 30 days by day, field any", async () => {
    const { status, json, headers } = await stats("");
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(json).toMatchObject({ interval: "day", field: "any", to: new Date().toISOString().slice(0, 10) });
    expect(json.series).toHaveLength(30);
    expect((await stats("period=90d")).json).toMatchObject({ interval: "week" });
    expect((await stats("period=90d")).json.series).toHaveLength(13);
  });

  it("equals a recount of the posted cards, across random data, deletions and queries", async () => {
    const store = await getStore();
    await fc.assert(
      fc.asyncProperty(fc.array(messageSpec, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }), fc.array(querySpec, { minLength: 1, maxLength: 4 }), async (specs, deletions, queries) => {
        for (const spec of specs) await post(spec);
        if (deletions.length) {
          const rows = await sqlAll<{ id: number | string; message_id: string; position: number }>("select id, message_id, position from contact_shares order by id");
          const picked = [...new Set(deletions.map((pick) => rows[pick % rows.length]!))];
          await deleteSharesInBatches(store, { ids: picked.map((row) => Number(row.id)), bodies: "remove-cards", searchIndex: "compact-later", at: new Date() });
          const gone = new Set(picked.map((row) => `${row.message_id}|${row.position}`));
          posted = posted.filter((share) => !gone.has(`${share.messageId}|${share.position}`));
        }
        for (const query of queries) {
          const fromDay = dayZero + query.from;
          const toDay = fromDay + query.length;
          const interval = query.interval ?? (query.length + 1 <= 45 ? "day" : "week");
          const { status, json } = await stats(`from=${iso(fromDay)}&to=${iso(toDay)}&field=${query.field}${query.interval ? `&interval=${query.interval}` : ""}`);
          expect(status).toBe(200);
          expect(json).toEqual(expected({ fromDay, toDay, field: query.field, interval }));
        }
      }),
      { numRuns: 30 },
    );
  }, 180_000);

  it("counts a person returning after exactly 30, 31, 32 and 33 days once per range, wherever the range starts", async () => {
    // Gaps on both sides of nearLinkDays (31), the line between a near and a far link: every range
    // start and length below puts one of these returns on the first day, day 31 or day 32 of a range.
    const days = [200, 230, 261, 293, 326];
    for (const day of days) await post({ day, second: 3600, ref: "spring", ref1: "", ref2: "", sender: senders[0]!, cards: [0] });
    await post({ day: 261, second: 7200, ref: "spring", ref1: "", ref2: "", sender: senders[1]!, cards: [3] });
    for (let from = 195; from <= 330; from++) {
      for (const length of [0, 30, 31, 32, 33, 63, 90]) {
        const fromDay = dayZero + from;
        const toDay = fromDay + length;
        const { status, json } = await stats(`from=${iso(fromDay)}&to=${iso(toDay)}&field=ref&interval=week`);
        expect(status).toBe(200);
        expect(json.campaigns, `from day ${from}, ${length + 1} days`).toEqual(expected({ fromDay, toDay, field: "ref", interval: "week" }).campaigns);
      }
    }
  }, 120_000);
});
