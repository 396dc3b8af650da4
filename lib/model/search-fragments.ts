/**
 * The fragment vocabulary: every string of one or two characters (code points) found in any card's
 * search text. A 1–2 character `q` cannot use the trigram index, so without it every text is scanned.
 * For each fragment the vocabulary knows, up to its cursor:
 * - not in it: the fragment is in no card, so only the cards after the cursor are scanned;
 * - rare (held by at most rareFragmentMaxCards cards when recorded): the ids of the cards that hold
 *   it, so those cards and the ones after the cursor are read, nothing else;
 * - common: every text is scanned, newest first; with that many holders a page fills, and a count
 *   reaches its cap, after a part of them.
 * Kept by lib/contacts/search-fragments.ts. A rare fragment's card ids go with the cards.
 */

/**
 * A fragment held by more cards than this is common: its cards are no longer listed. Above this, a
 * count that stops at searchCountCap + 1 matches reads at most about a third of the texts.
 */
export const rareFragmentMaxCards = 3000;

/** What the vocabulary knows of one fragment, up to its cursor (`throughId`). */
export type FragmentStanding = { kind: "unknown" | "rare" | "common"; throughId: number };

/** A fragment of a batch of texts with the cards that hold it. */
export type FragmentCards = { fragment: string; shareIds: number[] };

/**
 * A card's search text as read (`from`) and in the current folding (`to`), with the fragments only
 * the old one held (`unlisted`): the card comes off their lists.
 */
export type RefoldedSearchText = { shareId: number; from: string; to: string; unlisted: string[] };

/**
 * The setting holding the newest card id whose search text is in the current folding and whose
 * fragments are all in the vocabulary, with the cards of the rare ones listed. Named apart from the
 * cursors of earlier vocabularies ("search-fragments-through-id" before card lists,
 * "search-fragment-lists-through-id" before accent folding): during a rolling upgrade on PostgreSQL,
 * an instance still running older code moves only its own cursor, never this one past cards whose
 * texts it did not bring to the current folding or whose cards it did not list.
 */
export const searchFragmentsThroughKey = "search-vocabulary-through-id";

/**
 * The setting holding the catch-up's horizon (lib/contacts/search-fragments.ts): the newest card id
 * at a moment, as "<id>@<epoch ms>".
 */
export const searchFragmentsHorizonKey = "search-vocabulary-horizon";

export type FragmentHorizon = { id: number; at: number };

export function formatHorizon(horizon: FragmentHorizon): string {
  return `${horizon.id}@${horizon.at}`;
}

export function parseHorizon(value: string | null): FragmentHorizon | null {
  const match = value?.match(/^(\d+)@(\d+)$/);
  return match ? { id: Number(match[1]), at: Number(match[2]) } : null;
}

/** Search terms of at most this many characters are looked up in the vocabulary. */
export const shortTermLength = 2;

/** The distinct 1–2 character fragments of a search text; none holds a field break (a term never does: it is trimmed). */
export function searchFragmentsOf(text: string, into = new Set<string>()): Set<string> {
  let previous: string | null = null;
  for (const character of text) {
    if (character === "\n") {
      previous = null;
      continue;
    }
    into.add(character);
    if (previous !== null) into.add(previous + character);
    previous = character;
  }
  return into;
}

/** Whether a (folded) search term is short enough for the vocabulary: 1 or 2 characters. */
export function isShortSearchTerm(term: string): boolean {
  const length = [...term].length;
  return length >= 1 && length <= shortTermLength;
}
