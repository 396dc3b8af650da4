import { parseHorizon, rareFragmentMaxCards, searchFragmentsHorizonKey, searchFragmentsOf, searchFragmentsThroughKey, type FragmentCards, type RefoldedSearchText } from "@/lib/model/search-fragments";
import { foldForMatching } from "@/lib/model/search-text";
import type { Store } from "@/lib/model/store";

/**
 * Keeps the fragment vocabulary (lib/model/search-fragments.ts) caught up with the stored cards.
 *
 * The cursor may only pass cards that can no longer appear below it. On PostgreSQL ids are handed
 * out before commit, so a card with a lower id can become visible after one with a higher id: the
 * catch-up therefore works up to a horizon, the newest id seen `settleMs` ago (longer than any write
 * can take), and records a new horizon each time it reaches the old one. Cards after the cursor are
 * simply scanned by a search, so a cursor that lags is only slower, never wrong.
 *
 * A text stored in an earlier folding (before accents were folded, or by an instance still on older
 * code during a rolling upgrade) is rewritten in the current one (foldForMatching) before its
 * fragments are recorded: the vocabulary is rebuilt from the first card after such a change
 * (migrations 0010 / 0013), so every stored text is brought to it once, in the background.
 */

export type FragmentCatchUp = {
  /** Texts read, those of them rewritten in the current folding, and fragments recorded (each once per batch; common ones are not sent), in this call. */
  texts: number;
  refolded: number;
  fragments: number;
  /** The cursor afterwards. */
  throughId: number;
  /** False when the time budget ran out first (the next call goes on). */
  caughtUp: boolean;
};

/** Texts rewritten per write (about 10 ms each at a million cards on SQLite). */
const refoldChunk = 100;

export async function catchUpSearchFragments(
  store: Store,
  params: { settleMs: number; now?: () => number; batchSize?: number; budgetMs?: number; pauseMs?: number; maxCards?: number },
): Promise<FragmentCatchUp> {
  const now = params.now ?? Date.now;
  const batchSize = params.batchSize ?? 1000;
  const maxCards = params.maxCards ?? rareFragmentMaxCards;
  const started = now();
  const report: FragmentCatchUp = { texts: 0, refolded: 0, fragments: 0, throughId: Number((await store.getSetting({ key: searchFragmentsThroughKey })) ?? 0), caughtUp: true };
  const horizon = parseHorizon(await store.getSetting({ key: searchFragmentsHorizonKey }));
  if (horizon !== null && started - horizon.at >= params.settleMs) {
    while (report.throughId < horizon.id) {
      if (params.budgetMs !== undefined && now() - started >= params.budgetMs) return { ...report, caughtUp: false };
      const texts = await store.listSearchTextsBetween({ afterId: report.throughId, throughId: horizon.id, limit: batchSize });
      const stale = texts.flatMap((entry) => {
        const folded = foldForMatching(entry.text);
        return folded === entry.text ? [] : [refoldingOf(entry.shareId, entry.text, folded)];
      });
      // In writes of at most refoldChunk texts: each rewrite also updates the search index, so a
      // thousand at once would hold the write lock long enough to keep callbacks waiting.
      for (let start = 0; start < stale.length; start += refoldChunk) {
        if (!(await store.refoldSearchTexts({ texts: stale.slice(start, start + refoldChunk) }))) return { ...report, caughtUp: false };
      }
      if (stale.length > 0) {
        const rewritten = new Map(stale.map((entry) => [entry.shareId, entry.to]));
        for (const entry of texts) entry.text = rewritten.get(entry.shareId) ?? entry.text;
        report.refolded += stale.length;
      }
      // A common fragment stays common: only the others are sent (most of a batch's, once the vocabulary has grown).
      const common = new Set(await store.listCommonSearchFragments());
      const fragments = fragmentCardsOf(texts).filter((entry) => !common.has(entry.fragment));
      // A short batch reached the horizon: the cursor goes to it (cards deleted in between have no text).
      const throughId = texts.length < batchSize ? horizon.id : texts.at(-1)!.shareId;
      if (!(await store.recordSearchFragments({ fragments, throughId, maxCards }))) return { ...report, caughtUp: false };
      report.texts += texts.length;
      report.fragments += fragments.length;
      report.throughId = throughId;
      if (params.pauseMs) await new Promise((resolve) => setTimeout(resolve, params.pauseMs));
    }
  }
  // Caught up with the horizon: the newest card now is the next one (none to set when no card came).
  if (horizon === null || report.throughId >= horizon.id) {
    const newest = await store.getLatestContactId();
    if (horizon === null || newest > horizon.id) {
      if (!(await store.recordSearchFragments({ fragments: [], throughId: report.throughId, maxCards, horizon: { id: newest, at: now() } }))) return { ...report, caughtUp: false };
    }
  }
  return report;
}

/** A text brought to the current folding; an instance on older code may have listed the card under fragments only the old text holds. */
function refoldingOf(shareId: number, from: string, to: string): RefoldedSearchText {
  const kept = searchFragmentsOf(to);
  return { shareId, from, to, unlisted: [...searchFragmentsOf(from)].filter((fragment) => !kept.has(fragment)) };
}

/** Each fragment of a batch of texts with the cards (in id order) whose text holds it. */
function fragmentCardsOf(texts: { shareId: number; text: string }[]): FragmentCards[] {
  const cards = new Map<string, number[]>();
  for (const { shareId, text } of texts) {
    for (const fragment of searchFragmentsOf(text)) {
      const ids = cards.get(fragment);
      if (ids) ids.push(shareId);
      else cards.set(fragment, [shareId]);
    }
  }
  return [...cards].map(([fragment, shareIds]) => ({ fragment, shareIds }));
}
