import "server-only";
import { nearLinkDays, type CampaignBucket } from "@/lib/model/campaign-counters";
import type { CampaignStore } from "@/lib/model/store";
import type { SqliteDb } from "./client";
import { guarded } from "./storage-errors";

/** Campaign insight on one SQLite connection: sums over the campaign counters (see campaign-counters.ts). */
export function sqliteCampaignStore(db: SqliteDb): CampaignStore {
  const sqlite = db.$client;
  const statements = {
    // Summed in SQL: a 90-day answer is 13 weeks × the values, not 90 days × the values, carried
    // into JavaScript. One pass gives the bars and (with each bucket's first and last day) the totals.
    buckets: sqlite.prepare(
      // cast: better-sqlite3 binds a JavaScript number as a real, and the bucket needs integer division.
      `select (day - cast(@fromDay as integer)) / cast(@step as integer) * cast(@step as integer) + cast(@fromDay as integer) as day, value,
         sum(count) as shares, min(day) as firstDay, max(day) as lastDay
       from campaign_daily_counts where field = @field and day >= @fromDay and day <= @toDay and count > 0 group by 1, 2`,
    ),
    // Each key once, on its first day in the range: the day whose previous day lies before the range.
    // Primary-key ranges per value and kind (grouping the whole range by value would sort every row
    // first): far links over the range, near links only over its first nearLinkDays + 1 days.
    people: sqlite.prepare(
      `select v.value as value, ${peopleOf("sender")} as senders, ${peopleOf("contact")} as contacts from json_each(@values) v`,
    ),
    personShares: sqlite.prepare("select count from facet_counts where facet = 'person' and value = ?"),
    personSenders: sqlite.prepare(
      `select count(distinct coalesce(s.sender_wa_id, s.sender_user_id)) as senders, count(*) as scanned
       from (select share_id from share_facets where facet = 'person' and value = ? order by sort_at desc limit ?) f
       join contact_shares s on s.id = f.share_id`,
    ),
  };

  return {
    async listCampaignBuckets(params) {
      return guarded(() => statements.buckets.all({ field: params.field, fromDay: params.fromDay, toDay: params.toDay, step: params.step }) as CampaignBucket[]);
    },

    async countCampaignPeople(params) {
      if (params.values.length === 0) return [];
      return guarded(() => statements.people.all({ field: params.field, fromDay: params.fromDay, toDay: params.toDay, values: JSON.stringify(params.values) }) as { value: string; senders: number; contacts: number }[]);
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

/** Keys of one kind with a day in the range, for the value `v.value`: far links over the range, near ones over its first days. */
function peopleOf(kind: "sender" | "contact"): string {
  const where = `f.field = @field and f.kind = '${kind}' and f.value = v.value and f.prev_day < @fromDay`;
  return `((select coalesce(sum(f.count), 0) from campaign_key_firsts f where ${where} and f.far = 1 and f.day >= @fromDay and f.day <= @toDay)
    + (select coalesce(sum(f.count), 0) from campaign_key_firsts f where ${where} and f.far = 0 and f.day >= @fromDay and f.day <= min(@toDay, @fromDay + ${nearLinkDays})))`;
}
