import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import { createApiToken, findLiveApiToken } from "./api-tokens";
import { constantTimeEqual, hmacSha256Hex, randomSecret, sha256Hex } from "./secrets";
import { cookieFromHeader, isSecureRequest, plainCookieName, secureCookieName, sessionCookie, sessionTokenFrom } from "./session-cookie";
import { agentOfSession, endSession, startSession } from "./sessions";

/**
 * Secrets, session cookies, sessions and API tokens on their own, against the real store: what is
 * stored (hashes only), what a presented secret must be to pass, and what a cookie looks like.
 */

let counter = 0;
async function newAgent() {
  counter += 1;
  return (await getStore()).createAgent({ email: `cred${counter}@example.com`, passwordHash: "not-used", isAdmin: false });
}

describe("secret comparison and hashing", () => {
  it("is equal only for the same text: not a prefix, an extension or another text of the same length", () => {
    expect(constantTimeEqual("s3cret", "s3cret")).toBe(true);
    expect(constantTimeEqual("", "")).toBe(true);
    for (const other of ["s3cre", "s3cret!", "S3cret", "s3creT", "", "s3cret\u0000"]) expect(constantTimeEqual(other, "s3cret")).toBe(false);
    expect(constantTimeEqual("s3cret", "")).toBe(false);
    expect(constantTimeEqual("çé", "çé")).toBe(true);
  });

  it("hashes with SHA-256 and HMAC-SHA-256 (published test vectors)", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // UTF-8 bytes, not UTF-16 or Latin-1.
    expect(sha256Hex("é")).toBe("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
    expect(hmacSha256Hex("key", new TextEncoder().encode("The quick brown fox jumps over the lazy dog"))).toBe("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  });

  it("makes URL-safe random secrets of the asked entropy", () => {
    const secrets = Array.from({ length: 50 }, () => randomSecret());
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(secrets).size).toBe(50);
    expect(randomSecret(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomSecret(6)).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });
});

describe("the session cookie", () => {
  it("is __Host-, Secure, httpOnly and Lax over HTTPS, and plain otherwise", () => {
    const expires = new Date("2030-01-01T00:00:00Z");
    expect(sessionCookie(true, "tok", expires)).toEqual({ name: "__Host-ci_session", value: "tok", options: { httpOnly: true, sameSite: "lax", secure: true, path: "/", expires } });
    expect(sessionCookie(false, "tok", expires)).toEqual({ name: "ci_session", value: "tok", options: { httpOnly: true, sameSite: "lax", secure: false, path: "/", expires } });
    expect([secureCookieName, plainCookieName]).toEqual(["__Host-ci_session", "ci_session"]);
  });

  it("knows HTTPS from the URL, or from the first X-Forwarded-Proto, which wins", () => {
    const headers = (proto?: string) => new Headers(proto === undefined ? {} : { "x-forwarded-proto": proto });
    expect(isSecureRequest(headers(), "https://inbox.example.com/")).toBe(true);
    expect(isSecureRequest(headers(), "http://inbox.example.com/")).toBe(false);
    expect(isSecureRequest(headers("https"), "http://10.0.0.5:3000/")).toBe(true);
    expect(isSecureRequest(headers(" https , http"), "http://10.0.0.5:3000/")).toBe(true);
    expect(isSecureRequest(headers("http, https"), "https://inbox.example.com/")).toBe(false);
    expect(isSecureRequest(headers("http"), "https://inbox.example.com/")).toBe(false);
  });

  it("is read from the __Host- cookie only over HTTPS, and from either otherwise (the plain one first)", () => {
    const jar = (cookies: Record<string, string>) => (name: string) => cookies[name];
    expect(sessionTokenFrom(jar({ "__Host-ci_session": "secure", ci_session: "plain" }), true)).toBe("secure");
    expect(sessionTokenFrom(jar({ ci_session: "plain" }), true)).toBeNull();
    expect(sessionTokenFrom(jar({ "__Host-ci_session": "secure", ci_session: "plain" }), false)).toBe("plain");
    expect(sessionTokenFrom(jar({ "__Host-ci_session": "secure" }), false)).toBe("secure");
    expect(sessionTokenFrom(jar({}), false)).toBeNull();
  });

  it("is found by its exact name in a Cookie header, decoded", () => {
    expect(cookieFromHeader("a=1; ci_session=tok%2Fen ; b=2", "ci_session")).toBe("tok/en");
    expect(cookieFromHeader("ci_session=x=y", "ci_session")).toBe("x=y");
    expect(cookieFromHeader("xci_session=1; ci_session_old=2", "ci_session")).toBeUndefined();
    expect(cookieFromHeader("=ci_session; ci_session", "ci_session")).toBeUndefined();
    expect(cookieFromHeader("first=1;second=2", "second")).toBe("2");
    expect(cookieFromHeader("", "ci_session")).toBeUndefined();
    // A part without "=" names no cookie, even one that starts with the name.
    expect(cookieFromHeader("ci_session1", "ci_session")).toBeUndefined();
    expect(cookieFromHeader("=orphan", "")).toBeUndefined();
    expect(cookieFromHeader(null, "ci_session")).toBeUndefined();
  });
});

describe("sessions", () => {
  it("store only the token's hash, last their lifetime, and end", async () => {
    const store = await getStore();
    const agent = await newAgent();
    const now = new Date();
    const { token, expiresAt } = await startSession(store, { agentId: agent.id, lifetimeMs: 3_600_000, now });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toEqual(new Date(now.getTime() + 3_600_000));
    // Stored under the SHA-256 of the token: found by it, and not by the token itself.
    expect((await store.getSessionAgent({ tokenHash: sha256Hex(token), now }))?.id).toBe(agent.id);
    expect(await store.getSessionAgent({ tokenHash: token, now })).toBeNull();
    expect((await agentOfSession(store, token))?.id).toBe(agent.id);
    expect(await agentOfSession(store, token.slice(0, -1))).toBeNull();
    await endSession(store, token);
    expect(await agentOfSession(store, token)).toBeNull();
  });

  it("made in the past expire after their lifetime", async () => {
    const store = await getStore();
    const agent = await newAgent();
    const { token } = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000, now: new Date(Date.now() - 120_000) });
    expect(await agentOfSession(store, token)).toBeNull();
    const live = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000, now: new Date(Date.now() - 30_000) });
    expect((await agentOfSession(store, live.token))?.id).toBe(agent.id);
  });
});

describe("API tokens", () => {
  it("are ci_ plus 32 random bytes, shown once, stored as a hash with a short prefix to recognise them", async () => {
    const store = await getStore();
    const agent = await newAgent();
    const { token, apiToken } = await createApiToken(store, { name: "crm sync", createdBy: agent.id });
    expect(token).toMatch(/^ci_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: "crm sync", createdBy: agent.id, prefix: token.slice(0, 9), expiresAt: null, revokedAt: null });
    expect(apiToken.prefix).toHaveLength(9);
    expect(JSON.stringify(await store.listApiTokens())).not.toContain(token.slice(9));
    expect((await store.findLiveApiToken({ tokenHash: sha256Hex(token), now: new Date() }))?.id).toBe(apiToken.id);
  });

  it("work only when presented whole", async () => {
    const store = await getStore();
    const { token, apiToken } = await createApiToken(store, { name: "whole", createdBy: null });
    expect((await findLiveApiToken(store, token))?.id).toBe(apiToken.id);
    for (const wrong of [token.slice(0, 9), token.slice(0, -1), `${token}x`, token.slice(3), token.toUpperCase(), ""]) expect(await findLiveApiToken(store, wrong)).toBeNull();
  });

  it("stop working when they expire or are revoked", async () => {
    const store = await getStore();
    const expired = await createApiToken(store, { name: "expired", createdBy: null, expiresAt: new Date(Date.now() - 1000) });
    expect(await findLiveApiToken(store, expired.token)).toBeNull();
    const later = await createApiToken(store, { name: "later", createdBy: null, expiresAt: new Date(Date.now() + 60_000) });
    expect((await findLiveApiToken(store, later.token))?.id).toBe(later.apiToken.id);
    expect(await store.revokeApiToken({ id: later.apiToken.id })).toBe(true);
    expect(await findLiveApiToken(store, later.token)).toBeNull();
  });
});
