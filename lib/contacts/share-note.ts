import type { ContactItem } from "@/lib/contacts/contact-item";
import { exportPhone, plausibleWaId, sentTextDiffers } from "./export-phone";

/**
 * The note every export adds to a contact: who shared the card, when, with which business number
 * and campaign (what an agent needs to follow up), then what a format has no field for (`extra`),
 * one line each.
 */
export function shareNoteLines(item: ContactItem, extra: string[] = []): string[] {
  const senderWaId = plausibleWaId(item.sender.waId);
  const senderNumber = senderWaId ? `+${senderWaId}` : null;
  const profileName = singleLine(item.sender.profileName);
  const who = profileName && senderNumber ? `${profileName} (${senderNumber})` : (profileName ?? senderNumber);
  const lines = [who ? `Shared on WhatsApp by ${who}` : "Shared on WhatsApp"];
  if (item.sentAt) lines.push(`Sent ${humanUtc(item.sentAt)}`);
  else if (item.receivedAt) lines.push(`Received ${humanUtc(item.receivedAt)}`);
  const business = singleLine(item.business.displayPhoneNumber);
  if (business) lines.push(`To business number ${business}`);
  const refs = (["ref", "ref1", "ref2"] as const).flatMap((key) => {
    const value = singleLine(item.refs[key]);
    return value ? [`${key}=${value}`] : [];
  });
  if (refs.length > 0) lines.push(`Campaign refs: ${refs.join(", ")}`);
  for (const phone of item.phones.map(exportPhone)) {
    if (phone && sentTextDiffers(phone)) lines.push(`Phone as sent: ${phone.text} (saved as ${phone.value})`);
  }
  return [...lines, ...extra];
}

/** The campaign refs of a share, each value once, in ref, ref1, ref2 order. */
export function campaignRefs(item: Pick<ContactItem, "refs">): string[] {
  const values = [item.refs.ref, item.refs.ref1, item.refs.ref2].map(singleLine).filter((value): value is string => value !== null);
  return [...new Set(values)];
}

function humanUtc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function singleLine(value: string | null | undefined): string | null {
  const line = value?.replace(/\s+/g, " ").trim();
  return line ? line : null;
}
