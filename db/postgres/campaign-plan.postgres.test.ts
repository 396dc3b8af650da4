import pg from "pg";
import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import { loadCampaignStats } from "@/lib/campaigns/campaign-stats";
import { parseCampaignStatsQuery } from "@/lib/campaigns/stats-query";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { seedOnce } from "@/test/seed-once";

/**
 * What keeps the campaign page's people count within its budget at 1M shares on PostgreSQL: it reads
 * one reach row per day and value (campaign_key_reach) and only the far links that start inside the
 * range (their partial index), never every link of the range. The answers are checked against a
 * recount in app/api/campaigns/stats/route.test.ts; this checks the path, with scans switched off
 * (the test data is a few rows, which a scan would win).
 */

type Sent = { name: string; text: string; values: unknown[] };
let sent: Sent[] = [];

seedOnce(async () => {
  for (const [index, day] of [0, 3, 40, 90].entries()) {
    const body = kaleyraCallback({ messageId: `campaign-plan-${index}`, timestamp: String((20_400 + day) * 86_400), extraInfo: { ref: "spring", ref1: "autumn" }, cards: [{ name: { formatted_name: "Ana Sharma" } }] });
    expect((await postCallback(body)).status).toBe(200);
  }
  const original = pg.Pool.prototype.query as (...args: unknown[]) => unknown;
  pg.Pool.prototype.query = function (this: pg.Pool, ...args: unknown[]) {
    const [config] = args;
    if (config && typeof config === "object" && "name" in config) sent.push(config as Sent);
    return original.apply(this, args);
  } as typeof pg.Pool.prototype.query;
});

async function peopleStatement(field: string): Promise<Sent> {
  sent = [];
  const query = parseCampaignStatsQuery({ from: "2025-11-01", to: "2026-01-29", field }, new Date("2026-02-01T00:00:00Z"));
  if (!query.ok) throw new Error(JSON.stringify(query.issues));
  const stats = await loadCampaignStats(await getStore(), query.query);
  expect(stats.campaigns.length).toBeGreaterThan(0);
  const statement = sent.find((entry) => entry.name === "campaign-people");
  expect(statement, sent.map((entry) => entry.name).join(", ")).toBeDefined();
  return statement!;
}

async function planOf(statement: Sent): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("set enable_seqscan = off; set enable_bitmapscan = off");
    const rows = (await client.query(`explain ${statement.text}`, statement.values)).rows as { "QUERY PLAN": string }[];
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  } finally {
    await client.end();
  }
}

describe("PostgreSQL campaign people count", () => {
  it.each(["any", "ref1"])("for field %s reads each day's reach and the far links starting in the range, from their indexes", async (field) => {
    const plan = await planOf(await peopleStatement(field));
    expect(plan).toMatch(/Index (Only )?Scan using campaign_key_reach_field_kind_value_day_shard_pk/);
    expect(plan).toMatch(/Index (Only )?Scan using campaign_key_firsts_far_prev_day_idx/);
    // Not every link of the range (the primary key, ordered by day): the cost that grew with the data.
    expect(plan).not.toContain("campaign_key_firsts_field_kind_value_far_day_prev_day_shard_pk");
    expect(plan).not.toContain("Seq Scan");
  });
});
