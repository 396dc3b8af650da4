import { describe, expect, it } from "vitest";
import { POST as signInRoute } from "@/app/api/auth/sign-in/route";
import { DELETE as deleteContact } from "@/app/api/contacts/[id]/route";
import { GET as listContacts } from "@/app/api/contacts/route";
import { peerAddressHeader } from "@/lib/auth/client-address";
import { apiRequest, kaleyraCallback, postCallback } from "./callbacks";
import { sqlOne } from "./database";

/**
 * U+0000 in input: PostgreSQL's text cannot hold it, so on both engines it is stored and compared as
 * U+FFFD (lib/model/nul.ts). Before, a callback or a filter holding one answered 500 on PostgreSQL
 * (and a 3+ character search holding one did on SQLite).
 */
describe("a NUL character in input", () => {
  async function list(query: string) {
    const response = await listContacts(await apiRequest(`http://localhost/api/contacts?${query}`));
    return { status: response.status, json: (await response.json()) as { items: { id: number; messageId: string; name: { formatted: string }; org: { company: string | null } | null; sender: { profileName: string | null }; refs: { ref1: string | null }; phones: { phone: string }[] }[]; total: number } };
  }

  it("in a callback's card, refs and sender is stored as U+FFFD; the logged body keeps the escape", async () => {
    const body = kaleyraCallback({
      messageId: "m-nul\u0000id",
      profileName: "Sen\u0000der",
      extraInfo: { ref1: "camp\u0000aign", "unknown\u0000key": "x" },
      cards: [{ name: { formatted_name: "Nul\u0000Name", first_name: "\u0000" }, org: { company: "Ac\u0000me" }, phones: [{ phone: "+44 7700 900\u0000123" }] }],
    });
    const raw = JSON.stringify(body);
    expect(raw).toContain("\\u0000");
    const response = await postCallback(raw);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ outcome: "stored", sharesStored: 1 });
    expect((await sqlOne<{ raw_body: string }>("select raw_body from callbacks where id = ?", response.json.callbackId))!.raw_body).toBe(raw);

    const stored = await list("campaign=camp%EF%BF%BDaign");
    expect(stored.status).toBe(200);
    expect(stored.json.items).toHaveLength(1);
    expect(stored.json.items[0]).toMatchObject({ messageId: "m-nul\uFFFDid", name: { formatted: "Nul\uFFFDName" }, org: { company: "Ac\uFFFDme" }, sender: { profileName: "Sen\uFFFDder" }, refs: { ref1: "camp\uFFFDaign" } });
    expect(stored.json.items[0]!.phones[0]).toMatchObject({ phone: "+44 7700 900\uFFFD123" });

    // A redelivery is recognised by the same replaced id.
    expect((await postCallback(raw)).json).toMatchObject({ outcome: "duplicate", sharesStored: 0 });
  });

  it.each([
    ["campaign=camp%00aign", 1],
    ["q=ul%00na", 1],
    ["q=%00%00%00", 0],
    ["q=a%00", 0],
    ["sender=Sen%00der", 1],
    ["ref1=%00", 0],
    ["message=m-nul%00id", 1],
  ])("in the filter %s is read as U+FFFD on both engines (%i cards)", async (query, cards) => {
    const { status, json } = await list(query);
    expect(status).toBe(200);
    expect(json.total).toBe(cards);
  });

  it("in a message id: deleting one of its cards still finds the card in the logged body (redacted, not dropped)", async () => {
    const raw = JSON.stringify(kaleyraCallback({ messageId: "m-two\u0000cards", cards: [{ name: { formatted_name: "Kept Card" } }, { name: { formatted_name: "Deleted Card" } }] }));
    const posted = await postCallback(raw);
    expect(posted.json).toMatchObject({ outcome: "stored", sharesStored: 2 });
    const { json } = await list("message=m-two%00cards");
    const deleted = json.items.find((item) => item.name.formatted === "Deleted Card")!;
    const response = await deleteContact(await apiRequest(`http://localhost/api/contacts/${deleted.id}`, { method: "DELETE" }), { params: Promise.resolve({ id: String(deleted.id) }) });
    expect(response.status).toBe(204);
    const logged = (await sqlOne<{ raw_body: string | null }>("select raw_body from callbacks where id = ?", posted.json.callbackId))!;
    expect(logged.raw_body).not.toBeNull();
    expect(logged.raw_body).toContain("Kept Card");
    expect(logged.raw_body).not.toContain("Deleted Card");
  });

  it("as a raw byte in a body (invalid JSON) is a 400 naming the body, logged as rejected", async () => {
    const response = await postCallback(new TextEncoder().encode('{"meta_object": \u0000}'));
    expect(response.status).toBe(400);
    expect(response.json.error).toBe("The body is not valid JSON");
    expect(await sqlOne("select outcome, http_status from callbacks where id = ?", response.json.callbackId)).toEqual({ outcome: "rejected", http_status: 400 });
  });

  it("in a sign-in is a refused sign-in (401), not a server error", async () => {
    const request = new Request("http://localhost/api/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json", [peerAddressHeader]: "203.0.113.40" },
      body: JSON.stringify({ email: "nobody\u0000@example.com", password: "a password \u0000 here" }),
    });
    expect((await signInRoute(request)).status).toBe(401);
  });
});

describe("a NUL escape in a deeply nested body", () => {
  it("is read as U+FFFD without walking the value: a body nested 100,000 levels still decodes, and an escaped backslash before u0000 stays text", async () => {
    const { decodeJsonBody } = await import("@/lib/callbacks/decode");
    const depth = 100_000;
    const decoded = decodeJsonBody(new TextEncoder().encode(`{"x":"a\\u0000b","y":"\\\\u0000","z":"\\\\\\u0000","deep":${"[".repeat(depth)}${"]".repeat(depth)}}`));
    expect(decoded.ok).toBe(true);
    const value = (decoded as { value: Record<string, string> }).value;
    expect([value.x, value.y, value.z]).toEqual(["a\uFFFDb", "\\u0000", "\\\uFFFD"]);
  });
});
