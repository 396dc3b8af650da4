import "server-only";
import { formatHorizon, searchFragmentsHorizonKey, searchFragmentsThroughKey, type FragmentCards, type FragmentHorizon, type RefoldedSearchText } from "@/lib/model/search-fragments";
import type { SearchFragmentStore } from "@/lib/model/store";
import type { SqliteDb } from "./client";
import { classifySqliteError, guarded, isLockBusy } from "./storage-errors";

/** The fragment vocabulary on SQLite (lib/model/search-fragments.ts): fragments, and the cards of the rare ones. */
export function sqliteSearchFragmentStore(db: SqliteDb): SearchFragmentStore {
  const sqlite = db.$client;
  const statements = {
    textsBetween: sqlite.prepare("select share_id as shareId, text from contact_search_text where share_id > ? and share_id <= ? order by share_id limit ?"),
    standing: sqlite.prepare("select cards, common from search_fragments where fragment = ?"),
    common: sqlite.prepare("select fragment from search_fragments where common"),
    putFragment: sqlite.prepare("insert into search_fragments (fragment, cards, common) values (?, ?, ?) on conflict (fragment) do update set cards = excluded.cards, common = excluded.common"),
    // Only a card still stored: one deleted since its text was read is not listed again.
    addCard: sqlite.prepare("insert or ignore into search_fragment_cards (fragment, share_id) select ?, share_id from contact_search_text where share_id = ?"),
    // The cursor only moves forward: a catch-up that read older cards never takes it back.
    moveCursor: sqlite.prepare(
      "insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value where cast(excluded.value as integer) > cast(settings.value as integer)",
    ),
    putSetting: sqlite.prepare("insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value"),
    // The trigger contact_search_text_update keeps the FTS5 index in step.
    refold: sqlite.prepare("update contact_search_text set text = ? where share_id = ? and text = ?"),
    unlist: sqlite.prepare("delete from search_fragment_cards where fragment = ? and share_id = ?"),
  };
  const record = sqlite.transaction((fragments: FragmentCards[], throughId: number, maxCards: number, horizon: FragmentHorizon | undefined) => {
    for (const { fragment, shareIds } of fragments) {
      const known = statements.standing.get(fragment) as { cards: number; common: number } | undefined;
      // A common fragment's cards are no longer listed, nor counted.
      if (known?.common) continue;
      const cards = (known?.cards ?? 0) + shareIds.length;
      const common = cards > maxCards;
      statements.putFragment.run(fragment, cards, common ? 1 : 0);
      if (!common) for (const shareId of shareIds) statements.addCard.run(fragment, shareId);
    }
    statements.moveCursor.run(searchFragmentsThroughKey, String(throughId));
    if (horizon) statements.putSetting.run(searchFragmentsHorizonKey, formatHorizon(horizon));
  });

  const refold = sqlite.transaction((texts: RefoldedSearchText[]) => {
    for (const { shareId, from, to, unlisted } of texts) {
      statements.refold.run(to, shareId, from);
      for (const fragment of unlisted) statements.unlist.run(fragment, shareId);
    }
  });

  // Background upkeep never waits for the write lock (SQLite's busy wait would block the event
  // loop): while a backup or another process holds it, `write` does nothing and says false.
  const withoutWaiting = (write: () => void): boolean => {
    const busyTimeoutMs = Number(sqlite.pragma("busy_timeout", { simple: true }));
    sqlite.pragma("busy_timeout = 0");
    try {
      write();
      return true;
    } catch (error) {
      if (isLockBusy(error)) return false;
      throw classifySqliteError(error);
    } finally {
      sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
  };

  return {
    async listSearchTextsBetween(params) {
      return guarded(() => statements.textsBetween.all(params.afterId, params.throughId, params.limit) as { shareId: number; text: string }[]);
    },
    async listCommonSearchFragments() {
      return guarded(() => (statements.common.all() as { fragment: string }[]).map((row) => row.fragment));
    },
    async recordSearchFragments(params) {
      return withoutWaiting(() => record.immediate(params.fragments, params.throughId, params.maxCards, params.horizon));
    },
    async refoldSearchTexts(params) {
      return withoutWaiting(() => refold.immediate(params.texts));
    },
  };
}
