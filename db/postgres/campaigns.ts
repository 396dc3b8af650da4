import "server-only";
import { nearLinkDays, type CampaignBucket } from "@/lib/model/campaign-counters";
import type { CampaignStore } from "@/lib/model/store";
import type { PostgresDb } from "./client";
import { guardedPg } from "./guarded";

/** Campaign insight on PostgreSQL: sums over the campaign counters and their shards (see db/sqlite/campaigns.ts). */
export function postgresCampaignStore(db: PostgresDb): CampaignStore {
  const pool = db.$client;

  return {
    async listCampaignBuckets(params) {
      // A day's shards are summed first: a day whose shards cancel out is no first or last day. One
      // round trip gives the bars and (with each bucket's first and last day) the totals.
      const result = await guardedPg(() => pool.query({ name: "campaign-buckets", text: bucketsSql, values: [params.field, params.fromDay, params.toDay, params.step] }));
      return result.rows as CampaignBucket[];
    },

    async countCampaignPeople(params) {
      // Each key once, on its first day in the range (see peopleOf below), per value and kind.
      if (params.values.length === 0) return [];
      const result = await guardedPg(() => pool.query({ name: "campaign-people", text: peopleSql, values: [params.field, params.fromDay, params.toDay, params.values] }));
      return result.rows as { value: string; senders: number; contacts: number }[];
    },

    async countPersonShares(params) {
      const [shares, senders] = await Promise.all([
        guardedPg(() => pool.query("select coalesce(sum(count), 0)::integer as n from facet_counts where facet = 'person' and value = $1", [params.key])),
        guardedPg(() =>
          pool.query(
            `select count(distinct coalesce(s.sender_wa_id, s.sender_user_id))::integer as senders, count(*)::integer as scanned
             from (select share_id from share_facets where facet = 'person' and value = $1 order by sort_at desc limit $2) f
             join contact_shares s on s.id = f.share_id`,
            [params.key, params.senderScan],
          ),
        ),
      ]);
      const total = shares.rows[0].n as number;
      const { senders: count, scanned } = senders.rows[0] as { senders: number; scanned: number };
      return { shares: total, senders: count, sendersExact: scanned >= total };
    },
  };
}

// Named, so each connection plans them once: the campaign page runs the same two statements for
// every range and field, and planning the people count (four subqueries per kind) took about as
// long as running it at 100,000 shares. Counts are summed as integers (a bigint sum is numeric).
const bucketsSql = `select (day - $2) / $4 * $4 + $2 as day, value, sum(shares)::integer as shares, min(day) as "firstDay", max(day) as "lastDay"
  from (select day, value, sum(count::integer) as shares from campaign_daily_counts where field = $1 and day >= $2 and day <= $3 group by day, value having sum(count::integer) > 0) days
  group by 1, 2`;

/**
 * Keys of one kind with a day in the range, for the value `v.value`: each key once, on its first day
 * in [from, to], the day whose previous day lies before `from`. A key's day d in the range counts when
 * its previous day is more than d − from days back: reach[d − from + 1] of campaign_key_reach (reach[32],
 * more than 31 days back, from day from + 31 on), less the far links that start inside the range
 * (those are counted by reach[32] but their previous day is not before `from`). About one row per
 * day and value instead of every link: this is what keeps a 90-day count within its budget at 1M.
 */
/** The elements of a reach array (migration 0008): days 1…31 back, then "more than nearLinkDays back, or none". */
const reachLength = nearLinkDays + 1;

function peopleOf(kind: "sender" | "contact"): string {
  return `((select coalesce(sum(r.reach[least(r.day - $2 + 1, ${reachLength})]), 0) from campaign_key_reach r
      where r.field = $1 and r.kind = '${kind}' and r.value = v.value and r.day >= $2 and r.day <= $3)
    - (select coalesce(sum(f.count::integer), 0) from campaign_key_firsts f
      where f.field = $1 and f.kind = '${kind}' and f.value = v.value and f.far = 1 and f.prev_day >= $2 and f.prev_day <= $3 - ${reachLength} and f.day <= $3))::integer`;
}

const peopleSql = `select v.value, ${peopleOf("sender")} as senders, ${peopleOf("contact")} as contacts from unnest($4::text[]) as v(value)`;
