/**
 * A shared contact card as the store keeps it: one per card, with its message's fields alongside.
 * The shape both storage engines read and write.
 */
export type StoredPhone = { phone: string | null; waId: string | null; type: string | null; e164: string | null };
export type StoredEmail = { email: string | null; type: string | null };
export type StoredAddress = {
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
  countryCode: string | null;
  type: string | null;
};
export type StoredUrl = { url: string | null; type: string | null };

export type ContactShare = {
  id: number;
  callbackId: number;
  messageId: string;
  /** Position of the card within its message: message id + position identifies a card. */
  position: number;
  /** Message time when usable, else received time: the order of the inbox. */
  sortAt: Date;
  sentAt: Date | null;
  receivedAt: Date;
  formattedName: string | null;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  namePrefix: string | null;
  nameSuffix: string | null;
  /** Case-folded display name, for sort=name. */
  sortName: string;
  /** Digits of the first phone, for sorting the table by phone. */
  sortPhone: string;
  phones: StoredPhone[];
  emails: StoredEmail[];
  addresses: StoredAddress[];
  urls: StoredUrl[];
  orgCompany: string | null;
  orgDepartment: string | null;
  orgTitle: string | null;
  birthday: string | null;
  senderWaId: string | null;
  senderUserId: string | null;
  senderProfileName: string | null;
  businessPhoneNumber: string | null;
  businessPhoneNumberId: string | null;
  wabaId: string | null;
  ref: string | null;
  ref1: string | null;
  ref2: string | null;
  contextId: string | null;
  replyTo: string | null;
  traceId: string | null;
  mediaUrl: string | null;
};

export type NewContactShare = Omit<ContactShare, "id">;
