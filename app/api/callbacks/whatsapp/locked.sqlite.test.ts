import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";

// A writer waits this long for another connection's lock before the callback is answered 503.
vi.hoisted(() => {
  process.env.SQLITE_BUSY_TIMEOUT_MS = "50";
});

const { kaleyraCallback, postCallback } = await import("@/test/callbacks");
const { callbacksWithBodyContaining, sqlAll, sqlCount } = await import("@/test/database");

/** Holds SQLite's write lock from another connection, as another process would, while `during` runs. */
async function whileLocked(during: () => Promise<void>): Promise<void> {
  const other = new Database(process.env.DATABASE_PATH!);
  other.pragma("busy_timeout = 0");
  try {
    other.exec("BEGIN IMMEDIATE");
    await during();
  } finally {
    if (other.inTransaction) other.exec("ROLLBACK");
    other.close();
  }
}

describe("SQLite: another process holds the write lock", () => {
  it("answers 503 with Retry-After, stores nothing, and stores once released", async () => {
    const body = kaleyraCallback({ messageId: "locked-1", cards: [{ name: { formatted_name: "Locked" } }] });
    await postCallback(kaleyraCallback({ messageId: "warm-up", cards: [] })); // the store is open and migrated
    await whileLocked(async () => {
      const locked = await postCallback(body);
      expect(locked.status).toBe(503);
      expect(locked.headers.get("retry-after")).toBe("5");
      expect(locked.json.error).toContain("temporarily unavailable (locked)");
      expect(await sqlCount("select count(*) as n from contact_shares where message_id = 'locked-1'")).toBe(0);
    });
    const retried = await postCallback(body);
    expect(retried.status).toBe(200);
    expect(await sqlCount("select count(*) as n from contact_shares where message_id = 'locked-1'")).toBe(1);
  });

  it("answers 503 to a rejected callback it cannot log, and logs it once released", async () => {
    const marker = "locked-rejection-7f3a";
    await whileLocked(async () => {
      const locked = await postCallback(`{"not json ${marker}`);
      expect(locked.status).toBe(503);
      expect(locked.headers.get("retry-after")).toBe("5");
    });
    expect(await callbacksWithBodyContaining(marker)).toHaveLength(0);
    const retried = await postCallback(`{"not json ${marker}`);
    expect(retried.status).toBe(400);
    expect(await callbacksWithBodyContaining(marker)).toEqual([expect.objectContaining({ outcome: "rejected", http_status: 400 })]);
  });
});
