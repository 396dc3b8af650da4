import { createHash } from "node:crypto";
import type { ContactItem } from "@/lib/contacts/contact-item";
import { renderVcard } from "@/lib/contacts/vcard";

/**
 * Which rendering of the cards clients hold. Shares never change once stored, so a card's ETag is
 * its id plus this fingerprint: a hash of what the renderer writes for a fixed card covering every
 * field. When a release changes the vCard output, every ETag and sync token changes with it, and
 * clients fetch the cards again (a token with an older fingerprint is answered with every member).
 */
export const rendererFingerprint: string = fingerprintOf(renderVcard(sampleItem()));

/** A strong ETag, identical in GET, PROPFIND and REPORT answers. */
export function cardEtag(shareId: number): string {
  return `"${shareId}-${rendererFingerprint}"`;
}

function fingerprintOf(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 10);
}

function sampleItem(): ContactItem {
  return {
    id: 1,
    messageId: "wamid.sample",
    position: 0,
    sentAt: "2024-01-02T03:04:05.000Z",
    receivedAt: "2024-01-02T03:04:06.000Z",
    name: { formatted: "Dr. Ada M. Lovelace Jr.", first: "Ada", middle: "M.", last: "Lovelace", prefix: "Dr.", suffix: "Jr." },
    phones: [
      { phone: "+44 7911 123456", waId: "447911123456", type: "CELL", e164: "+447911123456" },
      { phone: "020 7946 0018", waId: null, type: "Office line", e164: null },
    ],
    emails: [{ email: "ada@example.com", type: "WORK" }],
    addresses: [{ street: "1 Main St", city: "London", state: null, zip: "N1 9GU", country: "United Kingdom", countryCode: "GB", type: "HOME" }],
    org: { company: "Analytical Engines; Ltd", department: "R&D", title: "Mathematician" },
    urls: [{ url: "https://example.com/a,b", type: "WORK" }],
    birthday: "1815-12-10",
    sender: { waId: "447700900123", profileName: "Charles", userId: null },
    business: { displayPhoneNumber: "+44 20 7946 0000", phoneNumberId: "1234", wabaId: "5678" },
    refs: { ref: "spring", ref1: "flyer", ref2: null },
    replyTo: null,
    contextId: null,
    traceId: null,
    mediaUrl: null,
  } as unknown as ContactItem;
}
