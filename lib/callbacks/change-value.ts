import { normalizeContactCard } from "./contact-card";
import { toInputIssues } from "./issues";
import type { NormalizedMessage } from "@/lib/model/callback";
import type { InputIssue, MessageExtras } from "./normalized";
import { changeValueSchema, contactsMessageSchema, type ChangeValueInput, type ContactsMessageInput } from "./schema";

export type ChangeValueResult =
  | { ok: true; messages: NormalizedMessage[]; ignored: string[] }
  | { ok: false; issues: InputIssue[] };

/**
 * Reads one `value` object (the part both envelopes share) into contact-share messages.
 * Messages of other types and status updates are ignored, not rejected.
 */
export function parseChangeValue(value: unknown, extras: MessageExtras, path: PropertyKey[]): ChangeValueResult {
  const parsedValue = changeValueSchema.safeParse(value);
  if (!parsedValue.success) return { ok: false, issues: toInputIssues(parsedValue.error, path) };

  const messages: NormalizedMessage[] = [];
  const ignored: string[] = [];
  const issues: InputIssue[] = [];
  const { metadata, statuses } = parsedValue.data;

  if (statuses?.length) ignored.push(`${statuses.length} status update(s)`);

  (parsedValue.data.messages ?? []).forEach((message, index) => {
    if (message.type !== "contacts") {
      ignored.push(`message of type "${message.type}"`);
      return;
    }
    const parsedMessage = contactsMessageSchema.safeParse(message);
    if (!parsedMessage.success) {
      issues.push(...toInputIssues(parsedMessage.error, [...path, "messages", index]));
      return;
    }
    messages.push(toNormalizedMessage(parsedMessage.data, parsedValue.data, extras));
  });

  if (issues.length) return { ok: false, issues };
  if (!metadata && messages.length === 0 && ignored.length === 0) ignored.push("a change with no messages");
  return { ok: true, messages, ignored };
}

function toNormalizedMessage(message: ContactsMessageInput, value: ChangeValueInput, extras: MessageExtras): NormalizedMessage {
  const profile = findSenderProfile(value, message.from);
  return {
    messageId: message.id,
    sentAt: parseUnixSeconds(message.timestamp),
    contextId: message.context?.id ?? null,
    sender: {
      waId: message.from ?? profile?.wa_id ?? null,
      userId: message.from_user_id ?? message.user_id ?? profile?.user_id ?? null,
      profileName: profile?.profile?.name ?? null,
    },
    business: {
      displayPhoneNumber: value.metadata?.display_phone_number ?? null,
      phoneNumberId: value.metadata?.phone_number_id ?? null,
      wabaId: extras.wabaId,
    },
    refs: extras.refs,
    replyTo: extras.replyTo,
    traceId: extras.traceId,
    mediaUrl: extras.mediaUrl,
    cards: message.contacts.map(normalizeContactCard),
  };
}

/** The sender's profile is matched to `from` by wa_id; without a match, the first profile is the sender's. */
function findSenderProfile(value: ChangeValueInput, from: string | null) {
  const profiles = value.contacts ?? [];
  return profiles.find((profile) => from !== null && profile.wa_id === from) ?? profiles[0] ?? null;
}

/** WhatsApp timestamps are unix seconds as a string; a masked or garbled one ("17XXXXXX22") means no message time. */
function parseUnixSeconds(timestamp: string | null): Date | null {
  if (timestamp === null || !/^\d{1,12}$/.test(timestamp.trim())) return null;
  return new Date(Number(timestamp.trim()) * 1000);
}
