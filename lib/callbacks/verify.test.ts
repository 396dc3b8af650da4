import { createHmac } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CALLBACK_TOKEN = "tok-3f9a";
  process.env.CALLBACK_TOKEN_HEADER = "X-Callback-Token";
  process.env.CALLBACK_BASIC_AUTH = "kaleyra:pa ss:word";
  process.env.META_APP_SECRET = "meta-secret";
  process.env.META_VERIFY_TOKEN = "verify-me";
});

const { verifyCallbackCredentials, verifyMetaSignature, unauthenticatedEnvelopes, callbackAuthWarning } = await import("./verify");
const { answerMetaVerification } = await import("./meta-verification");

/**
 * The credential checks on their own, with every secret configured: exactly which requests pass,
 * and the reason logged for each one refused (the route tests cover what a refusal does).
 */

const basic = (credentials: string, scheme = "Basic") => `${scheme} ${Buffer.from(credentials).toString("base64")}`;
const goodBasic = basic("kaleyra:pa ss:word");

function request(headers: Record<string, string>, query = "") {
  return new Request(`http://localhost/api/callbacks/whatsapp${query}`, { method: "POST", headers });
}

describe("the callback token and HTTP Basic credentials", () => {
  it("pass when both are right, the token in its header or in ?token=", () => {
    expect(verifyCallbackCredentials(request({ "x-callback-token": "tok-3f9a", authorization: goodBasic }))).toEqual({ ok: true });
    expect(verifyCallbackCredentials(request({ authorization: goodBasic }, "?token=tok-3f9a"))).toEqual({ ok: true });
  });

  it("read the header first: a wrong header is not saved by a right ?token=", () => {
    expect(verifyCallbackCredentials(request({ "x-callback-token": "nope", authorization: goodBasic }, "?token=tok-3f9a"))).toEqual({ ok: false, reason: "wrong callback token" });
  });

  it("name what is missing or wrong", () => {
    expect(verifyCallbackCredentials(request({ authorization: goodBasic }))).toEqual({ ok: false, reason: "missing callback token (header x-callback-token or ?token=)" });
    for (const wrong of ["", "tok-3f9", "tok-3f9a ", "TOK-3F9A"]) {
      expect(verifyCallbackCredentials(request({ authorization: goodBasic }, `?token=${encodeURIComponent(wrong)}`))).toEqual({ ok: false, reason: "wrong callback token" });
    }
    expect(verifyCallbackCredentials(request({ "x-callback-token": "tok-3f9a" }))).toEqual({ ok: false, reason: "missing HTTP Basic credentials" });
    expect(verifyCallbackCredentials(request({ "x-callback-token": "tok-3f9a", authorization: basic("kaleyra:pa ss:wor") }))).toEqual({ ok: false, reason: "wrong HTTP Basic credentials" });
    expect(verifyCallbackCredentials(request({ "x-callback-token": "tok-3f9a", authorization: basic("kaleyra:pa ss:word:") }))).toEqual({ ok: false, reason: "wrong HTTP Basic credentials" });
  });

  it("read the Basic scheme in any case, with spaces around the credentials, and nothing else as Basic", () => {
    const withToken = (authorization: string) => verifyCallbackCredentials(request({ "x-callback-token": "tok-3f9a", authorization }));
    expect(withToken(basic("kaleyra:pa ss:word", "basic"))).toEqual({ ok: true });
    expect(withToken(basic("kaleyra:pa ss:word", "BASIC"))).toEqual({ ok: true });
    expect(withToken(`Basic    ${Buffer.from("kaleyra:pa ss:word").toString("base64")}  `)).toEqual({ ok: true });
    for (const notBasic of [
      `Bearer ${Buffer.from("kaleyra:pa ss:word").toString("base64")}`,
      `Basic${Buffer.from("kaleyra:pa ss:word").toString("base64")}`,
      `x Basic ${Buffer.from("kaleyra:pa ss:word").toString("base64")}`,
      `Basic ${Buffer.from("kaleyra:pa ss:word").toString("base64")} extra`,
      `Basic ${Buffer.from("kaleyra:pa ss:word").toString("base64url")}_-`,
      "Basic ",
    ]) {
      expect(withToken(notBasic)).toEqual({ ok: false, reason: "missing HTTP Basic credentials" });
    }
  });
});

describe("Meta's signature", () => {
  const body = new TextEncoder().encode('{"object":"whatsapp_business_account","entry":[]}');
  const hex = createHmac("sha256", "meta-secret").update(body).digest("hex");

  it("passes over the exact bytes, in either case, with spaces around", () => {
    expect(verifyMetaSignature(`sha256=${hex}`, body)).toEqual({ ok: true });
    expect(verifyMetaSignature(`SHA256=${hex.toUpperCase()}`, body)).toEqual({ ok: true });
    expect(verifyMetaSignature(`  sha256=${hex}\t`, body)).toEqual({ ok: true });
  });

  it("is refused when missing, over other bytes, or without its prefix", () => {
    expect(verifyMetaSignature(null, body)).toEqual({ ok: false, reason: "missing X-Hub-Signature-256 on a Meta callback" });
    expect(verifyMetaSignature(`sha256=${hex}`, new TextEncoder().encode("{}"))).toEqual({ ok: false, reason: "invalid X-Hub-Signature-256" });
    expect(verifyMetaSignature(hex, body)).toEqual({ ok: false, reason: "invalid X-Hub-Signature-256" });
    expect(verifyMetaSignature(`sha1=${hex}`, body)).toEqual({ ok: false, reason: "invalid X-Hub-Signature-256" });
    expect(verifyMetaSignature("", body)).toEqual({ ok: false, reason: "invalid X-Hub-Signature-256" });
  });
});

describe("with every secret set", () => {
  it("no envelope is open and there is no warning", () => {
    expect(unauthenticatedEnvelopes()).toEqual([]);
    expect(callbackAuthWarning()).toBeNull();
  });
});

describe("Meta's verification handshake", () => {
  const handshake = (query: string) => answerMetaVerification(new URL(`http://localhost/api/callbacks/whatsapp${query}`));

  it("is not one without hub.mode", () => {
    expect(handshake("")).toBeNull();
    expect(handshake("?hub.verify_token=verify-me&hub.challenge=42")).toBeNull();
  });

  it("answers the challenge, as plain uncached text", async () => {
    const answer = handshake("?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444")!;
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("1158201444");
    expect(answer.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses another mode, a wrong or missing token, and an empty or missing challenge", async () => {
    for (const query of [
      "?hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1",
      "?hub.mode=&hub.verify_token=verify-me&hub.challenge=1",
      "?hub.mode=subscribe&hub.verify_token=verify-m&hub.challenge=1",
      "?hub.mode=subscribe&hub.challenge=1",
      "?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=",
      "?hub.mode=subscribe&hub.verify_token=verify-me",
    ]) {
      const answer = handshake(query)!;
      expect(answer.status, query).toBe(403);
      expect(await answer.text()).toBe("Verification failed");
      expect(answer.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    }
  });
});
