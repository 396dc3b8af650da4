import "server-only";
import type { CampaignStore } from "@/lib/model/store";
import type { SqliteDb } from "./client";
import { guarded } from "./storage-errors";

/** Campaign insight on one SQLite connection: sums over the campaign counters (see campaign-counters.ts). */
export function sqliteCampaignStore(db: SqliteDb): CampaignStore {
  const sqlite = db.$client;
  const statements = {
    dayCounts: sqlite.prepare("select day, value, count as shares from campaign_daily_counts where field = ? and day >= ? and day <= ? and count > 0 order by day, value"),
    // Each key once, on its first day in the range: the day whose previous day lies before the range.
    people: sqlite.prepare(
      `select value, sum(case when kind = 'sender' then count else 0 end) as senders, sum(case when kind = 'contact' then count else 0 end) as contacts
       from campaign_key_firsts where field = ? and kind in ('sender', 'contact') and day >= ? and day <= ? and prev_day < ?
       group by value having sum(count) > 0`,
    ),
    personShares: sqlite.prepare("select count from facet_counts where facet = 'person' and value = ?"),
    personSenders: sqlite.prepare(
      `select count(distinct coalesce(s.sender_wa_id, s.sender_user_id)) as senders, count(*) as scanned
       from (select share_id from share_facets where facet = 'person' and value = ? order by sort_at desc limit ?) f
       join contact_shares s on s.id = f.share_id`,
    ),
  };

  return {
    async listCampaignDayCounts(params) {
      return guarded(() => statements.dayCounts.all(params.field, params.fromDay, params.toDay) as { day: number; value: string; shares: number }[]);
    },

    async countCampaignPeople(params) {
      return guarded(() => statements.people.all(params.field, params.fromDay, params.toDay, params.fromDay) as { value: string; senders: number; contacts: number }[]);
    },

    async countPersonShares(params) {
      return guarded(() => {
        const shares = (statements.personShares.get(params.key) as { count: number } | undefined)?.count ?? 0;
        const { senders, scanned } = statements.personSenders.get(params.key, params.senderScan) as { senders: number; scanned: number };
        return { shares, senders, sendersExact: scanned >= shares };
      });
    },
  };
}
