import "server-only";
import { formatHorizon, searchFragmentsHorizonKey, searchFragmentsThroughKey } from "@/lib/model/search-fragments";
import type { SearchFragmentStore } from "@/lib/model/store";
import type { PostgresDb } from "./client";
import { guardedPg } from "./guarded";

/** The fragment vocabulary on PostgreSQL (lib/model/search-fragments.ts); instances may record at once. */
export function postgresSearchFragmentStore(db: PostgresDb): SearchFragmentStore {
  const pool = db.$client;
  return {
    async listSearchTextsBetween(params) {
      return guardedPg(async () => {
        const result = await pool.query<{ shareId: string; text: string }>(
          'select share_id as "shareId", text from contact_search_text where share_id > $1 and share_id <= $2 order by share_id limit $3',
          [params.afterId, params.throughId, params.limit],
        );
        return result.rows.map((row) => ({ shareId: Number(row.shareId), text: row.text }));
      });
    },
    async recordSearchFragments(params) {
      // One statement, so one transaction: the fragments (sorted, so two instances adding the same
      // ones wait on each other rather than deadlock) and the cursor, which only moves forward.
      await guardedPg(async () => {
        await pool.query(
          `with added as (insert into search_fragments (fragment) select unnest($1::text[]) order by 1 on conflict do nothing),
           horizon as (insert into settings (key, value) select $4, $5::text where $5::text is not null on conflict (key) do update set value = excluded.value)
           insert into settings (key, value) values ($2, $3)
           on conflict (key) do update set value = excluded.value where excluded.value::bigint > settings.value::bigint`,
          [params.fragments, searchFragmentsThroughKey, String(params.throughId), searchFragmentsHorizonKey, params.horizon ? formatHorizon(params.horizon) : null],
        );
      });
      return true;
    },
  };
}
