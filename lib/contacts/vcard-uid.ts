import { createHash } from "node:crypto";
import type { ContactItem } from "@/lib/contacts/contact-item";

/**
 * The namespace every share's UUID is derived in. Fixed forever: changing it changes every UID,
 * and address books that imported an earlier export would then duplicate every contact.
 */
export const shareUidNamespace = "fd1cc481-b00c-45c2-8015-ed88afc51cf3";

/**
 * A share's vCard UID: `urn:uuid:` and a name-based (version 5) UUID of `messageId:position`, the
 * pair that identifies a card. The same in every download (3.0 and 4.0, one card or a bulk
 * export), so importing a second export updates contacts instead of adding them again.
 */
export function shareUid(item: Pick<ContactItem, "messageId" | "position">): string {
  return `urn:uuid:${shareUuid(item)}`;
}

/** The bare UUID of a share (for a CardDAV href such as `<uuid>.vcf`). */
export function shareUuid(item: Pick<ContactItem, "messageId" | "position">): string {
  return uuidV5(`${item.messageId}:${item.position}`, shareUidNamespace);
}

/** RFC 9562 §5.5: SHA-1 of the namespace's 16 bytes and the name's UTF-8, with the version and variant bits set. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash("sha1").update(uuidBytes(namespace)).update(name, "utf8").digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`not a UUID: ${uuid}`);
  return Buffer.from(hex, "hex");
}
