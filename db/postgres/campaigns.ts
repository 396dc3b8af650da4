import "server-only";
import type { CampaignStore } from "@/lib/model/store";
import type { PostgresDb } from "./client";
import { guardedPg } from "./guarded";

/** Campaign insight on PostgreSQL: sums over the campaign counters and their shards (see db/sqlite/campaigns.ts). */
export function postgresCampaignStore(db: PostgresDb): CampaignStore {
  const pool = db.$client;

  return {
    async listCampaignDayCounts(params) {
      const result = await guardedPg(() =>
        pool.query(
          `select day, value, sum(count)::integer as shares from campaign_daily_counts
           where field = $1 and day >= $2 and day <= $3 group by day, value having sum(count) > 0 order by day, value`,
          [params.field, params.fromDay, params.toDay],
        ),
      );
      return result.rows as { day: number; value: string; shares: number }[];
    },

    async countCampaignPeople(params) {
      // Each key once, on its first day in the range: the day whose previous day lies before the range.
      const result = await guardedPg(() =>
        pool.query(
          `select value, coalesce(sum(count) filter (where kind = 'sender'), 0)::integer as senders, coalesce(sum(count) filter (where kind = 'contact'), 0)::integer as contacts
           from campaign_key_firsts where field = $1 and kind in ('sender', 'contact') and day >= $2 and day <= $3 and prev_day < $2
           group by value having sum(count) > 0`,
          [params.field, params.fromDay, params.toDay],
        ),
      );
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
