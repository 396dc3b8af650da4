import { describe, expect, it } from "vitest";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { sqlAll, sqlCount, testEngine } from "@/test/database";

function countShares(prefix: string): Promise<number> {
  return sqlCount("select count(*) as n from contact_shares where message_id like ?", `${prefix}%`);
}

/** A fault only this message meets, at the moment it is written (parsing cannot see it coming). */
async function poison(messageId: string): Promise<() => Promise<void>> {
  if (testEngine === "sqlite") {
    await sqlAll(`create trigger poison_share before insert on contact_shares when new.message_id = '${messageId}' begin select raise(abort, 'poisoned card'); end`);
    return async () => void (await sqlAll("drop trigger poison_share"));
  }
  await sqlAll("create function poison_share() returns trigger language plpgsql as $$ begin raise exception 'poisoned card'; end $$");
  await sqlAll(`create trigger poison_share before insert on contact_shares for each row when (new.message_id = '${messageId}') execute function poison_share()`);
  return async () => {
    await sqlAll("drop trigger poison_share on contact_shares");
    await sqlAll("drop function poison_share()");
  };
}

describe("callbacks arriving together", () => {
  it("are each stored, each answered only after it (SQLite: one transaction for the group)", async () => {
    const before = await sqlCount("select count(*) as n from callbacks");
    const answers = await Promise.all(Array.from({ length: 12 }, (_, index) => postCallback(kaleyraCallback({ messageId: `together-${index}`, cards: [{ name: { formatted_name: `Together ${index}` } }] }))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    expect(await countShares("together-")).toBe(12);
    expect(await sqlCount("select count(*) as n from callbacks")).toBe(before + 12);
  });

  it("do not fail because one of them fails to store", async () => {
    const cure = await poison("poison-1");
    try {
      const bodies = Array.from({ length: 9 }, (_, index) => kaleyraCallback({ messageId: index === 4 ? "poison-1" : `neighbour-${index}`, cards: [{ name: { formatted_name: `Neighbour ${index}` } }] }));
      const answers = await Promise.all(bodies.map((body) => postCallback(body)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 500, 200, 200, 200, 200]);
      expect(answers[4]!.json).toEqual({ error: "Internal server error", issues: [] });
      expect(await countShares("neighbour-")).toBe(8);
      expect(await countShares("poison-")).toBe(0);
      // The neighbours are logged once each; the poisoned one was never acknowledged, so the sender retries it.
      expect(await sqlAll("select id from callbacks where raw_body like ?", "%neighbour-%")).toHaveLength(8);
    } finally {
      await cure();
    }
    const retried = await postCallback(kaleyraCallback({ messageId: "poison-1", cards: [{ name: { formatted_name: "Cured" } }] }));
    expect(retried.status).toBe(200);
    expect(await countShares("poison-")).toBe(1);
  });
});
