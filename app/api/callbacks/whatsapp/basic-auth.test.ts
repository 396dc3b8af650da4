import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CALLBACK_BASIC_AUTH = "kaleyra:pa:ss word";
});

const { kaleyraCallback } = await import("@/test/callbacks");
const { POST } = await import("./route");
const { callbackAuthWarning, unauthenticatedEnvelopes } = await import("@/lib/callbacks/verify");

function post(authorization?: string) {
  const body = JSON.stringify(kaleyraCallback({ messageId: `basic-${Math.random()}`, cards: [{ name: { formatted_name: "Basic" } }] }));
  return POST(new Request("http://localhost/api/callbacks/whatsapp", { method: "POST", headers: authorization ? { authorization } : {}, body }));
}

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;

describe("callback HTTP Basic credentials (CALLBACK_BASIC_AUTH)", () => {
  it("cover every envelope on their own: none is left open, no warning", () => {
    expect(unauthenticatedEnvelopes()).toEqual([]);
    expect(callbackAuthWarning()).toBeNull();
  });

  it("accepts the configured user and password (a colon in the password included)", async () => {
    expect((await post(basic("kaleyra:pa:ss word"))).status).toBe(200);
  });

  it.each([
    ["no credentials", undefined, "missing HTTP Basic credentials"],
    ["a wrong password", basic("kaleyra:nope"), "wrong HTTP Basic credentials"],
    ["a wrong user", basic("someone:pa:ss word"), "wrong HTTP Basic credentials"],
    ["a bearer token instead", "Bearer abc", "missing HTTP Basic credentials"],
  ])("refuses %s with 401", async (_label, authorization, message) => {
    const response = await post(authorization);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ issues: [{ message }] });
  });
});
