import { describe, expect, it } from "vitest";
import { sqlCount, sqlOne } from "@/test/database";
import { callbackLimits } from "@/lib/callbacks/schema";
import { kaleyraCallback, postCallback } from "@/test/callbacks";

async function lastLogEntry() {
  return (await sqlOne<Record<string, any>>("select * from callbacks order by id desc limit 1"))!;
}

function countShares(prefix: string): Promise<number> {
  return sqlCount("select count(*) as n from contact_shares where message_id like ?", `${prefix}%`);
}

function messagesOf(prefix: string, count: number, cardsEach: number) {
  return Array.from({ length: count }, (_, index) => ({
    from: "919800000001",
    id: `${prefix}-${index}`,
    timestamp: "1763978400",
    type: "contacts",
    contacts: Array.from({ length: cardsEach }, (_, card) => ({ name: { formatted_name: `Card ${index}.${card}` } })),
  }));
}

describe("the work one callback can cause is bounded", () => {
  it(`stores a message of ${callbackLimits.contactsPerMessage} contacts (WhatsApp's own maximum)`, async () => {
    const cards = Array.from({ length: callbackLimits.contactsPerMessage }, (_, index) => ({ name: { formatted_name: `Max ${index}` } }));
    const response = await postCallback(kaleyraCallback({ messageId: "max-contacts", cards }));
    expect(response.status).toBe(200);
    expect(response.json.sharesStored).toBe(callbackLimits.contactsPerMessage);
  });

  it("refuses one contact more with 413, naming the path, logged like any rejection, nothing stored", async () => {
    const cards = Array.from({ length: callbackLimits.contactsPerMessage + 1 }, (_, index) => ({ name: { formatted_name: `Over ${index}` } }));
    const body = JSON.stringify(kaleyraCallback({ messageId: "too-many-contacts", cards }));
    const response = await postCallback(body);
    expect(response.status).toBe(413);
    expect(response.json.issues).toEqual([{ path: "meta_object.value.messages[0].contacts", message: `must hold at most ${callbackLimits.contactsPerMessage} contacts` }]);
    expect(await lastLogEntry()).toMatchObject({ id: response.json.callbackId, outcome: "rejected", http_status: 413, raw_body: body });
    expect((await lastLogEntry()).reason).toContain("meta_object.value.messages[0].contacts");
    expect(await countShares("too-many-contacts")).toBe(0);
  });

  it("refuses 300,000 empty cards in a 900 KB body without reading them one by one", async () => {
    const cards = `[${Array(300_000).fill("{}").join(",")}]`;
    const body = JSON.stringify(kaleyraCallback({ messageId: "empty-cards", cards: [] })).replace('"contacts":[]', `"contacts":${cards}`);
    expect(body.length).toBeGreaterThan(890_000);
    const response = await postCallback(body);
    expect(response.status).toBe(413);
    expect(response.json.issues[0].path).toBe("meta_object.value.messages[0].contacts");
    expect(await countShares("empty-cards")).toBe(0);
  });

  it(`refuses more than ${callbackLimits.cardsPerCallback} cards in all across the messages of one callback`, async () => {
    const body = kaleyraCallback({ messageId: "spread", cards: [] });
    body.meta_object.value.messages = messagesOf("spread", 3, 200) as never;
    const response = await postCallback(body);
    expect(response.status).toBe(413);
    expect(response.json.issues).toEqual([{ path: "(root)", message: `holds 600 contacts in all; at most ${callbackLimits.cardsPerCallback} per callback` }]);
    expect(await countShares("spread")).toBe(0);

    body.meta_object.value.messages = messagesOf("spread-ok", 2, 250) as never;
    expect((await postCallback(body)).json.sharesStored).toBe(500);
  });

  it.each([
    ["a name", { name: { formatted_name: "x".repeat(callbackLimits.nameText + 1) } }, "meta_object.value.messages[0].contacts[0].name.formatted_name"],
    ["a phone", { phones: [{ phone: "1".repeat(callbackLimits.shortText + 1) }] }, "meta_object.value.messages[0].contacts[0].phones[0].phone"],
    ["too many phones", { phones: Array(callbackLimits.phonesPerCard + 1).fill({ phone: "+14155550100" }) }, "meta_object.value.messages[0].contacts[0].phones"],
    ["an email", { emails: [{ email: `${"a".repeat(callbackLimits.emailText)}@x.io` }] }, "meta_object.value.messages[0].contacts[0].emails[0].email"],
    ["a URL", { urls: [{ url: `https://x.io/${"a".repeat(callbackLimits.longText)}` }] }, "meta_object.value.messages[0].contacts[0].urls[0].url"],
  ])("refuses %s past its limit with 413 naming the path", async (_label, card, path) => {
    const response = await postCallback(kaleyraCallback({ messageId: `long-${path.length}`, cards: [card] }));
    expect(response.status).toBe(413);
    expect(response.json.issues.map((issue: { path: string }) => issue.path)).toEqual([path]);
  });

  it("refuses an over-long campaign ref, and keeps a long but allowed one", async () => {
    const tooLong = await postCallback(kaleyraCallback({ messageId: "long-ref", cards: [{}], extraInfo: { ref: "r".repeat(callbackLimits.addressText + 1) } }));
    expect(tooLong.status).toBe(413);
    expect(tooLong.json.issues[0].path).toBe("extra_info.ref");
    const longest = await postCallback(kaleyraCallback({ messageId: "longest-ref", cards: [{}], extraInfo: { ref: "r".repeat(callbackLimits.addressText) } }));
    expect(longest.status).toBe(200);
  });

  it("answers with at most 20 issues and counts the rest, and keeps the log's reason bounded", async () => {
    const cards = Array.from({ length: 200 }, () => ({ name: "not an object" }));
    const response = await postCallback(kaleyraCallback({ messageId: "many-issues", cards }));
    expect(response.status).toBe(400);
    expect(response.json.issues).toHaveLength(21);
    expect(response.json.issues[20]).toEqual({ path: "(more)", message: "180 more issue(s) not listed" });
    expect(String((await lastLogEntry()).reason).length).toBeLessThanOrEqual(2000);
  });

  it("keeps a bounded Content-Type in the log, however long the one sent", async () => {
    const contentType = `application/json; ${"x".repeat(15_000)}`;
    const rejected = await postCallback("{not json", { "content-type": contentType });
    expect(rejected.status).toBe(400);
    expect(String((await lastLogEntry()).content_type).length).toBe(200);
    expect(String((await lastLogEntry()).content_type)).toMatch(/^application\/json; x+…$/);
    const stored = await postCallback(kaleyraCallback({ messageId: "long-content-type", cards: [{}] }), { "content-type": contentType });
    expect(stored.status).toBe(200);
    expect(String((await lastLogEntry()).content_type).length).toBe(200);
  });
});
