import { describe, expect, it } from "vitest";
import { apiRequest, kaleyraCallback, postCallback } from "@/test/callbacks";
import { GET } from "./route";

/** GET /api/contacts/filter-options: the inbox filter bar's lists, loaded by the bar itself. */

const url = "http://localhost/api/contacts/filter-options";

async function options() {
  const response = await GET(await apiRequest(url));
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return (await response.json()) as Record<"campaigns" | "senders" | "businesses", { value: string; label: string; count: number }[]>;
}

const card = (name: string) => ({ name: { formatted_name: name, first_name: name }, phones: [{ phone: "+44 7700 900111", type: "CELL" }] });

describe("GET /api/contacts/filter-options", () => {
  it("refuses a caller without a session or token", async () => {
    const response = await GET(new Request(url));
    expect(response.status).toBe(401);
  });

  it("lists campaigns, senders and business numbers with how many cards each finds, most first", async () => {
    const before = await options();
    const countOf = (list: { value: string; count: number }[], value: string) => list.find((option) => option.value === value)?.count ?? 0;
    await postCallback(kaleyraCallback({ messageId: "filter-options-1", cards: [card("Ana"), card("Bo")], from: "447700900555", profileName: "مريم", displayPhoneNumber: "918000000123", extraInfo: { ref: "fo-spring", ref1: "", ref2: "" } }));
    await postCallback(kaleyraCallback({ messageId: "filter-options-2", cards: [card("Cy")], from: "447700900556", profileName: "", displayPhoneNumber: "918000000123", extraInfo: { ref: "fo-spring", ref1: "fo-autumn", ref2: "" } }));
    const after = await options();

    expect(countOf(after.campaigns, "fo-spring") - countOf(before.campaigns, "fo-spring")).toBe(3);
    expect(countOf(after.campaigns, "fo-autumn") - countOf(before.campaigns, "fo-autumn")).toBe(1);
    expect(after.campaigns.find((option) => option.value === "fo-spring")?.label).toBe("fo-spring");
    // A right-to-left profile name is isolated (FSI…PDI) so the number after it keeps its place; the number is formatted.
    expect(after.senders.find((option) => option.value === "447700900555")).toEqual({ value: "447700900555", label: "\u2068مريم\u2069 · +44 7700 900555", count: 2 });
    expect(after.senders.find((option) => option.value === "447700900556")?.label).toBe("+44 7700 900556");
    expect(countOf(after.businesses, "918000000123") - countOf(before.businesses, "918000000123")).toBe(3);
    expect(after.businesses.find((option) => option.value === "918000000123")?.label).toMatch(/^\+91 /);
    for (const list of [after.campaigns, after.senders, after.businesses]) {
      expect(list.map((option) => option.count)).toEqual([...list.map((option) => option.count)].sort((a, b) => b - a));
    }
  });
});
