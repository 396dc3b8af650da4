import { describe, expect, it } from "vitest";
import { apiRequest, kaleyraCallback, postCallback } from "@/test/callbacks";
import { GET } from "./route";

async function bodyOf(id: number | string, query = "", request?: Request) {
  return GET(request ?? (await apiRequest(`http://localhost/api/deliveries/${id}/body${query}`)), { params: Promise.resolve({ id: String(id) }) });
}

describe("GET /api/deliveries/{id}/body", () => {
  it("refuses a caller without a session or token", async () => {
    const response = await bodyOf(1, "", new Request("http://localhost/api/deliveries/1/body"));
    expect(response.status).toBe(401);
  });

  it("answers a stored body indented for reading, and exactly as received on ?download=1", async () => {
    const raw = JSON.stringify(kaleyraCallback({ messageId: "body-view-1", cards: [{ name: { formatted_name: "Viewed" } }] }));
    const { json } = await postCallback(raw);
    const view = await bodyOf(json.callbackId);
    expect(view.status).toBe(200);
    expect(view.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(view.headers.get("cache-control")).toBe("no-store");
    expect(view.headers.get("x-body-format")).toBe("pretty");
    expect(await view.text()).toBe(JSON.stringify(JSON.parse(raw), null, 2));
    const download = await bodyOf(json.callbackId, "?download=1");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="callback-${json.callbackId}.json"`);
    expect(await download.text()).toBe(raw);
  });

  it("answers an 8 KB body nested 3,800 deep at its own size, not 58 MB", async () => {
    const body = kaleyraCallback({ messageId: "body-view-deep", cards: [{ name: { formatted_name: "Deep" } }] }) as Record<string, unknown>;
    const raw = JSON.stringify(body).replace(/}$/, `,"nested":${"[".repeat(3800)}${"]".repeat(3800)}}`);
    const { json, status } = await postCallback(raw);
    expect(status).toBe(200);
    const view = await bodyOf(json.callbackId);
    expect(view.headers.get("x-body-format")).toBe("raw");
    const text = await view.text();
    expect(text).toBe(raw);
  });

  it("answers 404 for an unknown id, a malformed id, and a body that was not kept", async () => {
    expect((await bodyOf(987654)).status).toBe(404);
    expect((await bodyOf("x1")).status).toBe(404);
    const { json } = await postCallback("{}", { "content-length": String(5 * 1024 * 1024) });
    const notKept = await bodyOf(json.callbackId);
    expect(notKept.status).toBe(404);
    expect(await notKept.json()).toMatchObject({ error: "This callback's body was not kept", issues: [{ path: "id", message: "it was too large to keep" }] });
  });
});
