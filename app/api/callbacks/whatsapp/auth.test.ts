import { createHmac } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CALLBACK_TOKEN = "s3cret-token-value";
  process.env.CALLBACK_TOKEN_HEADER = "X-Kaleyra-Secret";
  process.env.META_APP_SECRET = "meta-app-secret";
  process.env.META_VERIFY_TOKEN = "verify-me";
});

const { sqlCount, sqlOne } = await import("@/test/database");
const { kaleyraCallback, readSample } = await import("@/test/callbacks");
const { GET, POST } = await import("./route");
const { peerAddressHeader } = await import("@/lib/auth/client-address");

const url = "http://localhost/api/callbacks/whatsapp";

async function post(body: string, headers: Record<string, string>, query = "") {
  const response = await POST(new Request(`${url}${query}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body }));
  return { status: response.status, json: (await response.json()) as { error: string; issues: { path: string; message: string }[]; outcome?: string; callbackId?: number | null } };
}

async function lastLogEntry() {
  return (await sqlOne<Record<string, unknown>>("select * from callbacks order by id desc limit 1"))!;
}

function sign(body: string | Uint8Array, secret = "meta-app-secret"): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const kaleyraBody = (id: string) => JSON.stringify(kaleyraCallback({ messageId: id, cards: [{ name: { formatted_name: `Auth ${id}` } }] }));

describe("callback token", () => {
  it("covers every envelope: nothing is left unauthenticated, no warning", async () => {
    const { callbackAuthWarning, unauthenticatedEnvelopes } = await import("@/lib/callbacks/verify");
    expect(unauthenticatedEnvelopes()).toEqual([]);
    expect(callbackAuthWarning()).toBeNull();
  });

  it("refuses an empty ?token= and an empty header", async () => {
    expect((await post(kaleyraBody("tok-empty-query"), {}, "?token=")).status).toBe(401);
    expect((await post(kaleyraBody("tok-empty-header"), { "x-kaleyra-secret": "" })).status).toBe(401);
    expect((await post(kaleyraBody("tok-prefix"), { "x-kaleyra-secret": "s3cret" })).status).toBe(401);
  });

  it("refuses a callback without the token: 401, logged as rejected (unauthenticated), body not kept, nothing stored", async () => {
    const response = await post(kaleyraBody("tok-missing"), {});
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      error: "Unauthenticated callback",
      issues: [{ path: "(request)", message: "missing callback token (header x-kaleyra-secret or ?token=)" }],
      callbackId: (await lastLogEntry()).id,
    });
    expect(await lastLogEntry()).toMatchObject({ outcome: "rejected", http_status: 401, raw_body: null, shares_stored: 0 });
    expect(String((await lastLogEntry()).reason)).toMatch(/^unauthenticated: /);
    expect(await sqlCount("select count(*) as n from contact_shares where message_id = 'tok-missing'")).toBe(0);
  });

  it("logs at most 30 unauthenticated callbacks a minute per client address: the rest are answered 401 alike, not logged", async () => {
    // An attack review sent 394 a second from one client: a row each, without limit.
    const from = (address: string) => ({ [peerAddressHeader]: address });
    const before = await sqlCount("select count(*) as n from callbacks");
    const answers = [];
    for (let i = 0; i < 35; i++) answers.push(await post(kaleyraBody(`tok-flood-${i}`), from("203.0.113.7")));
    expect(answers.map((answer) => answer.status)).toEqual(Array(35).fill(401));
    expect(answers.filter((answer) => answer.json.callbackId === null)).toHaveLength(5);
    expect(answers.every((answer) => answer.json.error === "Unauthenticated callback")).toBe(true);
    expect(await sqlCount("select count(*) as n from callbacks")).toBe(before + 30);
    // Another client is logged as before.
    const other = await post(kaleyraBody("tok-flood-other"), from("203.0.113.8"));
    expect(other.status).toBe(401);
    expect(other.json.callbackId).toBe((await lastLogEntry()).id);
    // Authenticated callbacks are never held back.
    expect((await post(kaleyraBody("tok-flood-ok"), { ...from("203.0.113.7"), "x-kaleyra-secret": "s3cret-token-value" })).status).toBe(200);
  });

  it("refuses a wrong token, including one of a different length", async () => {
    for (const token of ["s3cret-token-valuE", "x", "s3cret-token-value-and-more"]) {
      const response = await post(kaleyraBody("tok-wrong"), { "x-kaleyra-secret": token });
      expect(response.status).toBe(401);
      expect(response.json.issues[0]!.message).toBe("wrong callback token");
    }
  });

  it("accepts the right token in the configured header or in ?token=", async () => {
    expect((await post(kaleyraBody("tok-header"), { "X-Kaleyra-Secret": "s3cret-token-value" })).status).toBe(200);
    expect((await post(kaleyraBody("tok-query"), {}, "?token=s3cret-token-value")).status).toBe(200);
    expect(await lastLogEntry()).toMatchObject({ outcome: "stored" });
  });
});

describe("Meta signature (X-Hub-Signature-256)", () => {
  const meta = readSample("meta-contacts-message");
  const token = { "x-kaleyra-secret": "s3cret-token-value" };

  it("accepts a valid HMAC of the exact bytes sent", async () => {
    const response = await post(meta, { ...token, "x-hub-signature-256": sign(meta) });
    expect(response.status).toBe(200);
  });

  it("refuses a Meta envelope without a signature, and a signature over other bytes", async () => {
    const missing = await post(meta, token);
    expect(missing.status).toBe(401);
    expect(missing.json.issues[0]!.message).toBe("missing X-Hub-Signature-256 on a Meta callback");
    // Same JSON, different bytes (re-serialized without indentation): the signature must not match.
    const reserialized = JSON.stringify(JSON.parse(meta));
    const wrongBytes = await post(reserialized, { ...token, "x-hub-signature-256": sign(meta) });
    expect(wrongBytes.status).toBe(401);
    expect(wrongBytes.json.issues[0]!.message).toBe("invalid X-Hub-Signature-256");
    const wrongSecret = await post(meta, { ...token, "x-hub-signature-256": sign(meta, "another-secret") });
    expect(wrongSecret.status).toBe(401);
    const garbage = await post(meta, { ...token, "x-hub-signature-256": "sha256=zz" });
    expect(garbage.status).toBe(401);
  });

  it("checks a signature sent with a Kaleyra envelope too, and needs none on Kaleyra's", async () => {
    expect((await post(kaleyraBody("sig-kaleyra-bad"), { ...token, "x-hub-signature-256": "sha256=00" })).status).toBe(401);
    expect((await post(kaleyraBody("sig-kaleyra-none"), token)).status).toBe(200);
  });

  it("requires every configured check: a valid signature without the token is refused", async () => {
    expect((await post(meta, { "x-hub-signature-256": sign(meta) })).status).toBe(401);
  });
});

describe("Meta verification handshake", () => {
  const handshake = (query: string) => GET(new Request(`${url}?${query}`));

  it("answers the challenge as plain text when the verify token matches", async () => {
    const response = handshake("hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    expect(await response.text()).toBe("1158201444");
  });

  it.each(["hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", "hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1", "hub.mode=subscribe&hub.challenge=1"])(
    "answers 403 to %s",
    async (query) => {
      expect(handshake(query).status).toBe(403);
    },
  );

  it("answers 405 to a GET that is not a handshake", () => {
    expect(GET(new Request(url)).status).toBe(405);
  });
});
