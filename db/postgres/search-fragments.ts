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
    async refoldSearchTexts(params) {
      // Rows are locked in id order first, so two instances rewriting the same batch wait on each other rather than deadlock.
      await guardedPg(async () => {
        await pool.query(
          `with wanted as (select * from unnest($1::bigint[], $2::text[], $3::text[]) as w(share_id, from_text, to_text)),
           locked as (select t.share_id from contact_search_text t where t.share_id = any($1::bigint[]) order by t.share_id for update),
           unlisted as (delete from search_fragment_cards c using unnest($4::text[], $5::bigint[]) as u(fragment, share_id)
             where c.fragment = u.fragment and c.share_id = u.share_id)
           update contact_search_text t set text = w.to_text from wanted w
           where t.share_id = w.share_id and t.text = w.from_text and t.share_id in (select share_id from locked)`,
          [
            params.texts.map((text) => text.shareId),
            params.texts.map((text) => text.from),
            params.texts.map((text) => text.to),
            params.texts.flatMap((text) => text.unlisted),
            params.texts.flatMap((text) => text.unlisted.map(() => text.shareId)),
          ],
        );
      });
      return true;
    },
  };
}
