import type { CardRef } from "@/lib/model/lifecycle";
import { withoutNul } from "@/lib/model/nul";

/**
 * Takes deleted cards out of a logged callback body. The body is parsed, each card is found by its
 * message id (Kaleyra: `meta_object.value.messages[]`; Meta: `entry[].changes[].value.messages[]`)
 * and its position in that message's `contacts`, replaced by `null`, and the body re-serialized.
 *
 * `null` rather than splicing the card out: positions are how cards are known (message id +
 * position), so the cards after it keep theirs and a later deletion still finds the right one; a
 * reader sees that a card was there. The body is dropped (null is returned) when no card of it
 * remains, when it is not JSON, or when a card to remove cannot be found in it (then it may hold
 * the card in a shape this does not know, and keeping it would keep the card).
 */
export function redactCallbackBody(rawBody: string, cards: CardRef[]): string | null {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return null;
  }
  const wanted = new Map<string, Set<number>>();
  for (const card of cards) wanted.set(card.messageId, (wanted.get(card.messageId) ?? new Set()).add(card.position));
  const located = new Set<string>();
  let remaining = 0;
  for (const message of contactMessagesOf(body)) {
    // Stored ids have any NUL replaced (lib/model/nul.ts); the logged body keeps the original.
    const id = withoutNul(message.id);
    const positions = wanted.get(id);
    message.contacts.forEach((card, position) => {
      if (positions?.has(position)) {
        message.contacts[position] = null;
        located.add(`${position}\u0000${id}`);
      } else if (card !== null) remaining += 1;
    });
  }
  const allLocated = cards.every((card) => located.has(`${card.position}\u0000${card.messageId}`));
  return allLocated && remaining > 0 ? JSON.stringify(body) : null;
}

/**
 * Whether a body names one of these messages (by an `"id"` value) or carries one of these values
 * as a whole JSON string (a sender's wa_id, an email), case-insensitively: for bodies that never
 * became shares (rejected, ignored), which are dropped rather than taken apart.
 */
export function bodyMentions(needles: { messageIds?: string[]; values?: string[] }): (rawBody: string) => boolean {
  const ids = new Set(needles.messageIds ?? []);
  const values = (needles.values ?? []).filter(Boolean).map((value) => JSON.stringify(value.toLowerCase()));
  return (rawBody) => {
    if (ids.size) {
      for (const match of rawBody.matchAll(/"id"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) if (ids.has(withoutNul(unescapeJsonString(match[1]!)))) return true;
    }
    if (values.length === 0) return false;
    const folded = rawBody.toLowerCase();
    return values.some((value) => folded.includes(value));
  };
}

type ContactMessage = { id: string; contacts: unknown[] };

/** Every contacts message of either envelope, as the live objects inside `body` (edits go into it). */
function contactMessagesOf(body: unknown): ContactMessage[] {
  const values: unknown[] = [];
  if (isObject(body)) {
    const kaleyra = isObject(body.meta_object) ? body.meta_object.value : undefined;
    if (kaleyra !== undefined) values.push(kaleyra);
    if (Array.isArray(body.entry)) {
      for (const entry of body.entry) {
        if (!isObject(entry) || !Array.isArray(entry.changes)) continue;
        for (const change of entry.changes) if (isObject(change)) values.push(change.value);
      }
    }
  }
  return values.flatMap((value) =>
    isObject(value) && Array.isArray(value.messages)
      ? value.messages.filter((message): message is ContactMessage => isObject(message) && typeof message.id === "string" && Array.isArray(message.contacts))
      : [],
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unescapeJsonString(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}
