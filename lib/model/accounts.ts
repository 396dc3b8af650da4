/** A support agent who signs in to the dashboard. Passwords are Argon2id hashes. */
export type Agent = {
  id: number;
  /** Lower-cased: sign-in is case-insensitive on the email. */
  email: string;
  name: string | null;
  passwordHash: string;
  isAdmin: boolean;
  disabledAt: Date | null;
  createdAt: Date;
};

/** A bearer token for API clients: shown once, stored hashed, revocable. */
export type ApiToken = {
  id: number;
  name: string;
  tokenHash: string;
  /** The first characters of the token, so an admin can tell tokens apart. */
  prefix: string;
  createdBy: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Null: the token does not expire. */
  expiresAt: Date | null;
};

export type CreateAgentParams = { email: string; passwordHash: string; isAdmin: boolean; name?: string | null };

/** Emails are kept lower-cased: sign-in is case-insensitive on them. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type ReserveAttemptParams = {
  /** Each key ("email:…", "ip:…", "setup:…") with the most failures it may have in the window. */
  limits: { key: string; max: number }[];
  since: Date;
  at: Date;
};

export type ReserveAttemptResult =
  | {
      ok: true;
      attemptIds: number[];
      previousFailures: number;
      /** Failures each key had in the window before this attempt. */
      failuresByKey: Record<string, number>;
    }
  | { ok: false; unlockAt: Date };
