import { createHmac } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

// Only Meta's app secret: Meta's envelope is authenticated, Kaleyra's is not — and the app must say so.
vi.hoisted(() => {
  process.env.META_APP_SECRET = "only-the-meta-secret";
  // Set but empty: the same as unset, so no token (not even an empty one) passes the handshake.
  process.env.META_VERIFY_TOKEN = "";
});

const { callbackAuthWarning, unauthenticatedEnvelopes } = await import("@/lib/callbacks/verify");
const { kaleyraCallback, postCallback, readSample } = await import("@/test/callbacks");
const { GET } = await import("./route");

describe("with only META_APP_SECRET set", () => {
  it("names Kaleyra's envelope as the one left open, and says which secret closes it", () => {
    expect(unauthenticatedEnvelopes()).toEqual(["kaleyra"]);
    const warning = callbackAuthWarning()!;
    expect(warning).toMatch(/^Kaleyra-envelope callbacks are not authenticated/);
    expect(warning).toContain("META_APP_SECRET only covers Meta's own webhooks");
    expect(warning).toContain("CALLBACK_TOKEN");
  });

  it("still refuses an unsigned Meta body and accepts a signed one", async () => {
    const meta = readSample("meta-contacts-message");
    expect((await postCallback(meta)).status).toBe(401);
    const signature = `sha256=${createHmac("sha256", "only-the-meta-secret").update(meta).digest("hex")}`;
    expect((await postCallback(meta, { "x-hub-signature-256": signature })).status).toBe(200);
  });

  it("accepts an unsigned Kaleyra body: which is exactly what the warning is about", async () => {
    const response = await postCallback(kaleyraCallback({ messageId: "unsigned-kaleyra", cards: [{ name: { formatted_name: "Open door" } }] }));
    expect(response.status).toBe(200);
  });
});

describe("with META_VERIFY_TOKEN set but empty", () => {
  it("answers the handshake 403, even for an empty verify token", async () => {
    for (const query of ["hub.mode=subscribe&hub.verify_token=&hub.challenge=42", "hub.mode=subscribe&hub.challenge=42"]) {
      const response = GET(new Request(`http://localhost/api/callbacks/whatsapp?${query}`));
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain("42");
    }
  });
});
