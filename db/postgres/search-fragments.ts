import "server-only";
import { formatHorizon, searchFragmentsHorizonKey, searchFragmentsThroughKey } from "@/lib/model/search-fragments";
import type { SearchFragmentStore } from "@/lib/model/store";
import type { PostgresDb } from "./client";
import { guardedPg } from "./guarded";

/** The fragment vocabulary on PostgreSQL (lib/model/search-fragments.ts): fragments and the cards of the rare ones; instances may record at once. */
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
    async listCommonSearchFragments() {
      return guardedPg(async () => (await pool.query<{ fragment: string }>("select fragment from search_fragments where common")).rows.map((row) => row.fragment));
    },
    async recordSearchFragments(params) {
      // One statement, so one transaction: the fragments with their card counts (sorted, so two
      // instances adding the same ones wait on each other rather than deadlock), the cards of those
      // still rare (those still stored: a card deleted since its text was read is not listed again),
      // and the cursor, which only moves forward. A common fragment is left as it is.
      const pairs = { fragments: [] as string[], shareIds: [] as number[] };
      for (const { fragment, shareIds } of params.fragments) {
        for (const shareId of shareIds) {
          pairs.fragments.push(fragment);
          pairs.shareIds.push(shareId);
        }
      }
      await guardedPg(async () => {
        await pool.query(
          `with pairs as (select * from unnest($1::text[], $2::bigint[]) as p(fragment, share_id)),
           counted as (
             insert into search_fragments as f (fragment, cards, common)
             select fragment, count(*), count(*) > $3 from pairs group by fragment order by fragment
             on conflict (fragment) do update set cards = f.cards + excluded.cards, common = f.cards + excluded.cards > $3
             where not f.common
             returning f.fragment, f.common),
           listed as (
             insert into search_fragment_cards (fragment, share_id)
             select p.fragment, p.share_id from pairs p join counted c on c.fragment = p.fragment
             join contact_search_text t on t.share_id = p.share_id
             where not c.common
             on conflict do nothing),
           horizon as (insert into settings (key, value) select $6, $7::text where $7::text is not null on conflict (key) do update set value = excluded.value)
           insert into settings (key, value) values ($4, $5)
           on conflict (key) do update set value = excluded.value where excluded.value::bigint > settings.value::bigint`,
          [pairs.fragments, pairs.shareIds, params.maxCards, searchFragmentsThroughKey, String(params.throughId), searchFragmentsHorizonKey, params.horizon ? formatHorizon(params.horizon) : null],
        );
      });
      return true;
    },
  };
}
