import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  for (const name of ["CALLBACK_TOKEN", "CALLBACK_BASIC_AUTH", "META_APP_SECRET", "META_VERIFY_TOKEN"]) delete process.env[name];
});

const { callbackAuthWarning, unauthenticatedEnvelopes, verifyCallbackCredentials, verifyMetaSignature } = await import("./verify");

describe("with no callback secret set", () => {
  it("lets every callback in, and says plainly that both envelopes are open", () => {
    expect(verifyCallbackCredentials(new Request("http://localhost/api/callbacks/whatsapp", { method: "POST" }))).toEqual({ ok: true });
    expect(verifyMetaSignature(null, new Uint8Array())).toEqual({ ok: true });
    expect(unauthenticatedEnvelopes()).toEqual(["kaleyra", "meta"]);
    expect(callbackAuthWarning()).toBe(
      "Callbacks are not authenticated (neither Kaleyra's nor Meta's envelope): anyone who can reach this server can post contacts. Set CALLBACK_TOKEN (or CALLBACK_BASIC_AUTH; META_APP_SECRET covers Meta's own webhooks only).",
    );
  });
});
