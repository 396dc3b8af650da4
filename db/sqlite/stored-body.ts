import { deflateRawSync, inflateRawSync, constants } from "node:zlib";

/**
 * How the callback log keeps raw bodies in SQLite: the body is the largest thing stored per share
 * (~830 of ~2,600 bytes), and callbacks repeat the same envelope keys every time. A body is stored as
 * a BLOB — one format byte, then raw DEFLATE primed with a dictionary of those keys — whenever that is
 * smaller than the text, else as the TEXT itself (tiny bodies, and every row written before this
 * format). Readers get the exact text back either way; nothing outside db/sqlite sees the encoding.
 */

/** Format 1: raw DEFLATE with `dictionaryV1`. Never change the dictionary of a format: add a format. */
const formatDeflateV1 = 1;

/**
 * The envelope vocabulary both documented callbacks share (Kaleyra's `meta_object` and Meta's
 * `entry[].changes[]`), with empty values: no example data. DEFLATE finds repeats nearest the end
 * cheapest, so the card's fields, the most repeated part, come last.
 */
const dictionaryV1 = Buffer.from(
  '{"object":"whatsapp_business_account","entry":[{"id":"","changes":[{"field":"messages","value":' +
    '"extra_info":{"media_url":"","ref":"","ref1":"","ref2":"","reply_to":"","trace_id":"","waba_id":""}}' +
    '{"meta_object":{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"","phone_number_id":""},' +
    '"contacts":[{"profile":{"name":""},"wa_id":""}],"messages":[{"from":"","id":"wamid.","timestamp":"","type":"contacts",' +
    '"contacts":[{"name":{"formatted_name":"","first_name":"","middle_name":"","last_name":"","prefix":"","suffix":""},' +
    '"birthday":"","org":{"company":"","department":"","title":""},"urls":[{"url":"https://","type":"WORK"}],' +
    '"addresses":[{"street":"","city":"","state":"","zip":"","country":"","country_code":"","type":"HOME"}],' +
    '"emails":[{"email":"","type":"WORK"}],"phones":[{"phone":"+","wa_id":"","type":"MOBILE"},{"phone":"+","type":"CELL"}]}]}]},"field":"messages"},',
  "utf8",
);

const textDecoder = new TextDecoder();

/** The value to store for a body: a compressed BLOB when that is smaller, else the text unchanged. */
export function encodeStoredBody(text: string): Buffer | string;
export function encodeStoredBody(text: string | null): Buffer | string | null;
export function encodeStoredBody(text: string | null): Buffer | string | null {
  if (text === null) return null;
  const compressed = deflateRawSync(text, { dictionary: dictionaryV1 });
  if (compressed.byteLength + 1 >= Buffer.byteLength(text)) return text;
  const stored = Buffer.allocUnsafe(compressed.byteLength + 1);
  stored[0] = formatDeflateV1;
  compressed.copy(stored, 1);
  return stored;
}

/** The body's exact text from what the column holds (TEXT is the text; a BLOB is decoded by its format byte). */
export function decodeStoredBody(stored: unknown): string | null {
  if (stored === null || stored === undefined) return null;
  if (typeof stored === "string") return stored;
  const bytes = asBytes(stored);
  return textDecoder.decode(inflateRawSync(payloadOf(bytes), { dictionary: dictionaryV1 }));
}

/**
 * The first `chars` characters of a body, from a prefix of what is stored: SQL reads at most
 * `storedPrefixBytes(chars)` bytes of each row (`substr` on a BLOB counts bytes), and only that much
 * is inflated, so a page of log entries does not read whole bodies.
 */
export function previewStoredBody(storedPrefix: unknown, chars: number): string | null {
  if (storedPrefix === null || storedPrefix === undefined) return null;
  if (typeof storedPrefix === "string") return firstCharacters(storedPrefix, chars);
  const partial = inflateRawSync(payloadOf(asBytes(storedPrefix)), { dictionary: dictionaryV1, finishFlush: constants.Z_SYNC_FLUSH });
  // A cut in the middle of a character decodes to U+FFFD at the very end, past what is kept.
  return firstCharacters(textDecoder.decode(partial.subarray(0, chars * 4)), chars);
}

/** The first `count` characters (code points, as SQL's substr counts them) of `text`. */
function firstCharacters(text: string, count: number): string {
  let end = 0;
  for (let taken = 0; taken < count && end < text.length; taken++) end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  return text.slice(0, end);
}

/**
 * How many leading bytes of a stored body hold its first `chars` characters. A character is at most
 * 4 UTF-8 bytes; DEFLATE spends at most 15 bits on a literal byte and 48 bits on a match of 3 or more,
 * so at most 2 bytes per byte of text; and each block's header is under 320 bytes, with a new block
 * at most every 16,384 symbols (zlib's default buffer).
 */
export function storedPrefixBytes(chars: number): number {
  const textBytes = chars * 4;
  return 1 + textBytes * 2 + 320 * (Math.ceil(textBytes / 16_384) + 1);
}

function asBytes(stored: unknown): Uint8Array {
  if (stored instanceof Uint8Array) return stored;
  throw new TypeError(`a stored callback body is TEXT or BLOB, not ${typeof stored}`);
}

function payloadOf(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== formatDeflateV1) throw new Error(`unknown stored body format ${bytes[0]}`);
  return bytes.subarray(1);
}
