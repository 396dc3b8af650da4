import "server-only";
import { formatHorizon, searchFragmentsHorizonKey, searchFragmentsThroughKey, type FragmentHorizon } from "@/lib/model/search-fragments";
import type { SearchFragmentStore } from "@/lib/model/store";
import type { SqliteDb } from "./client";
import { classifySqliteError, guarded, isLockBusy } from "./storage-errors";

/** The fragment vocabulary on SQLite (lib/model/search-fragments.ts). */
export function sqliteSearchFragmentStore(db: SqliteDb): SearchFragmentStore {
  const sqlite = db.$client;
  const statements = {
    textsBetween: sqlite.prepare("select share_id as shareId, text from contact_search_text where share_id > ? and share_id <= ? order by share_id limit ?"),
    addFragment: sqlite.prepare("insert or ignore into search_fragments (fragment) values (?)"),
    // The cursor only moves forward: a catch-up that read older cards never takes it back.
    moveCursor: sqlite.prepare(
      "insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value where cast(excluded.value as integer) > cast(settings.value as integer)",
    ),
    putSetting: sqlite.prepare("insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value"),
  };
  const record = sqlite.transaction((fragments: string[], throughId: number, horizon: FragmentHorizon | undefined) => {
    for (const fragment of fragments) statements.addFragment.run(fragment);
    statements.moveCursor.run(searchFragmentsThroughKey, String(throughId));
    if (horizon) statements.putSetting.run(searchFragmentsHorizonKey, formatHorizon(horizon));
  });

  return {
    async listSearchTextsBetween(params) {
      return guarded(() => statements.textsBetween.all(params.afterId, params.throughId, params.limit) as { shareId: number; text: string }[]);
    },
    async recordSearchFragments(params) {
      // Background upkeep never waits for the write lock (SQLite's busy wait would block the event
      // loop): while a backup or another process holds it, this round records nothing.
      const busyTimeoutMs = Number(sqlite.pragma("busy_timeout", { simple: true }));
      sqlite.pragma("busy_timeout = 0");
      try {
        record.immediate(params.fragments, params.throughId, params.horizon);
        return true;
      } catch (error) {
        if (isLockBusy(error)) return false;
        throw classifySqliteError(error);
      } finally {
        sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
      }
    },
  };
}
