import { isKaleyraEnvelope, parseKaleyraEnvelope } from "./envelopes/kaleyra";
import { isKaleyraStatus, parseKaleyraStatus } from "./envelopes/kaleyra-status";
import { isMetaEnvelope, parseMetaEnvelope } from "./envelopes/meta";
import type { ParseResult } from "./normalized";
import { callbackLimits } from "./schema";

/** Each envelope a callback can arrive in: how to recognise it, and its parser. The first match wins. */
const envelopes = [
  { matches: isKaleyraEnvelope, parse: parseKaleyraEnvelope },
  { matches: isMetaEnvelope, parse: parseMetaEnvelope },
  { matches: isKaleyraStatus, parse: parseKaleyraStatus },
];

/** Turns a callback body (already JSON-decoded) into normalized contact shares, or the list of what was wrong. */
export function parseCallback(body: unknown): ParseResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, error: "The callback body must be a JSON object", issues: [{ path: "(root)", message: `expected an object, got ${describe(body)}` }] };
  }
  const record = body as Record<string, unknown>;
  const envelope = envelopes.find((candidate) => candidate.matches(record));
  if (!envelope) {
    return {
      ok: false,
      error: "Unrecognised callback envelope",
      issues: [
        {
          path: "(root)",
          message: 'expected Kaleyra\'s {"meta_object", "extra_info"} or Meta\'s {"object": "whatsapp_business_account", "entry"}',
        },
      ],
    };
  }
  const parsed = envelope.parse(record);
  if (!parsed.ok) return parsed;
  const cards = parsed.callback.messages.reduce((sum, message) => sum + message.cards.length, 0);
  if (cards > callbackLimits.cardsPerCallback) {
    return {
      ok: false,
      error: "The callback holds more contacts than one callback may",
      issues: [{ path: "(root)", message: `holds ${cards} contacts in all; at most ${callbackLimits.cardsPerCallback} per callback`, exceedsLimit: true }],
    };
  }
  return parsed;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
