import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readSample } from "@/test/callbacks";
import { decodeStoredBody, encodeStoredBody, previewStoredBody, storedPrefixBytes } from "./stored-body";

/** What SQL's substr(value, 1, n) hands the preview: the first n bytes of a BLOB, the first n characters of TEXT. */
function sqlPrefix(stored: Buffer | string, n: number): Buffer | string {
  return typeof stored === "string" ? Array.from(stored).slice(0, n).join("") : stored.subarray(0, n);
}

const bodies = {
  kaleyra: readSample("kaleyra-contact-message"),
  meta: readSample("meta-contacts-message"),
  scripts: JSON.stringify({ name: "小明 Ωμέγα محمد 🙂👩‍👩‍👧 \u0000 \\u0000 tab\t", more: "ß".repeat(3000) + "😀".repeat(2500) }),
  pretty: JSON.stringify(JSON.parse(readSample("kaleyra-contact-message")), null, 2),
};

describe("stored callback bodies (SQLite)", () => {
  it.each(Object.entries(bodies))("gives back the %s body exactly, stored smaller than its text", (_, text) => {
    const stored = encodeStoredBody(text);
    expect(Buffer.isBuffer(stored)).toBe(true);
    expect((stored as Buffer).byteLength).toBeLessThan(Buffer.byteLength(text) / 2);
    expect((stored as Buffer)[0]).toBe(1);
    expect(decodeStoredBody(stored)).toBe(text);
  });

  it("keeps text that does not get smaller as the text itself", () => {
    expect(encodeStoredBody("{not json")).toBe("{not json");
    expect(encodeStoredBody("")).toBe("");
    expect(encodeStoredBody('{"q":7}')).toBe('{"q":7}');
  });

  it("reads rows written before bodies were compressed (TEXT) as they are, and null as null", () => {
    expect(decodeStoredBody(bodies.kaleyra)).toBe(bodies.kaleyra);
    expect(decodeStoredBody(null)).toBeNull();
    expect(encodeStoredBody(null)).toBeNull();
  });

  it("refuses a BLOB of a format it does not know, and a value that is neither TEXT nor BLOB", () => {
    const stored = encodeStoredBody(bodies.meta) as Buffer;
    expect(() => decodeStoredBody(Buffer.concat([Buffer.from([2]), stored.subarray(1)]))).toThrow(/unknown stored body format 2/);
    expect(() => decodeStoredBody(42)).toThrow(/TEXT or BLOB/);
  });

  it.each([1, 7, 100, 4000])("previews the first %i characters from a bounded prefix of what is stored", (chars) => {
    for (const text of Object.values(bodies)) {
      const expected = Array.from(text).slice(0, chars).join("");
      for (const stored of [encodeStoredBody(text), text]) expect(previewStoredBody(sqlPrefix(stored, storedPrefixBytes(chars)), chars)).toBe(expected);
    }
    expect(previewStoredBody(null, chars)).toBeNull();
  });

  it("previews a body of 4-byte characters in random order, which compresses poorly, from the same prefix", () => {
    // Characters of 4 UTF-8 bytes each, in an order DEFLATE cannot shorten: the worst case for the prefix size.
    const text = Array.from(randomBytes(6000), (byte) => String.fromCodePoint(0x1f300 + byte)).join("");
    const stored = encodeStoredBody(text);
    expect(Buffer.isBuffer(stored)).toBe(true);
    expect(previewStoredBody(sqlPrefix(stored, storedPrefixBytes(4000)), 4000)).toBe(Array.from(text).slice(0, 4000).join(""));
  });
});
