import { describe, expect, it } from "vitest";
import { seedOnce } from "@/test/seed-once";
import { kaleyraCallback, postCallback, apiRequest } from "@/test/callbacks";
import { GET as getCampaigns } from "@/app/api/campaigns/route";
import { GET as getHealth } from "@/app/api/health/route";
import { GET as getContact } from "./[id]/route";
import { GET } from "./route";

async function list(query: string) {
  const response = await GET(await apiRequest(`http://localhost/api/contacts?${query}`));
  return { status: response.status, json: (await response.json()) as any };
}

const day = (iso: string) => String(Date.parse(iso) / 1000);

/** A small, known inbox: each card's name says what it is for. */
seedOnce(async () => {
  const seed = [
    { id: "m-alice", at: "2025-01-10T09:00:00Z", from: "441111", profile: "Alice Sender", business: "15550001", refs: { ref: "spring", ref1: "shoes", ref2: "" }, cards: [{ name: { formatted_name: "Alice Anders", first_name: "Alice", last_name: "Anders" }, phones: [{ phone: "+44 7700 900111", wa_id: "447700900111", type: "CELL" }], emails: [{ email: "alice@example.com" }], org: { company: "Widgets Ltd" } }] },
    { id: "m-bob", at: "2025-02-10T09:00:00Z", from: "442222", profile: "Bob Sender", business: "15550002", refs: { ref: "autumn", ref1: "hats", ref2: "spring" }, cards: [{ name: { formatted_name: "Bob Brown" }, phones: { phone: "+1 (415) 555-0199", type: "WORK" } }] },
    { id: "m-chen", at: "2025-03-10T09:00:00Z", from: "443333", profile: "Chen", business: "15550001", refs: { ref: "autumn", ref1: "", ref2: "" }, cards: [{ name: { formatted_name: "王小明" } }, { name: { formatted_name: "Zed 100% _lit'eral\" *star*" } }] },
    { id: "m-dana", at: "2025-04-10T09:00:00Z", from: "441111", profile: "Alice Sender", business: "15550003", refs: { ref: "", ref1: "", ref2: "" }, cards: [{ name: { formatted_name: "dana d'Arc" }, emails: [{ email: "DANA@EXAMPLE.ORG" }] }] },
  ];
  for (const message of seed) {
    const body = kaleyraCallback({ messageId: message.id, from: message.from, profileName: message.profile, timestamp: day(message.at), displayPhoneNumber: message.business, cards: message.cards, extraInfo: message.refs });
    if (message.id === "m-dana") body.extra_info.waba_id = "waba-other";
    const response = await postCallback(body);
    expect(response.status).toBe(200);
  }
});

const names = (json: any) => json.items.map((item: any) => item.name.formatted);

describe("GET /api/contacts", () => {
  it("lists newest first with total, page and pageSize", async () => {
    const { status, json } = await list("");
    expect(status).toBe(200);
    expect(names(json)).toEqual(["dana d'Arc", "Zed 100% _lit'eral\" *star*", "王小明", "Bob Brown", "Alice Anders"]);
    expect(json).toMatchObject({ total: 5, totalIsExact: true, page: 1, pageSize: 50 });
  });

  it("sorts oldest first and by name", async () => {
    expect(names((await list("sort=oldest")).json)[0]).toBe("Alice Anders");
    expect(names((await list("sort=name")).json)).toEqual(["Alice Anders", "Bob Brown", "dana d'Arc", "Zed 100% _lit'eral\" *star*", "王小明"]);
  });

  it("pages, and answers an empty page past the end", async () => {
    const page2 = (await list("pageSize=2&page=2")).json;
    expect(names(page2)).toEqual(["王小明", "Bob Brown"]);
    expect(page2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    const past = (await list("pageSize=2&page=9")).json;
    expect(past).toMatchObject({ items: [], total: 5, page: 9 });
  });

  it.each([
    ["q=ali", ["Alice Anders"]],
    ["q=ANDERS", ["Alice Anders"]],
    ["q=ic", ["Alice Anders"]],
    ["q=widgets", ["Alice Anders"]],
    ["q=dana@example", ["dana d'Arc"]],
    ["q=d'arc", ["dana d'Arc"]],
    ["q=7700 900", ["Alice Anders"]],
    ["q=%2B447700900111", ["Alice Anders"]],
    ["q=415-555", ["Bob Brown"]],
    ["q=(415) 555-01", ["Bob Brown"]],
    ["q=小明", ["王小明"]],
    ["q=明", ["王小明"]],
    ["q=100%25", ["Zed 100% _lit'eral\" *star*"]],
    ["q=_lit", ["Zed 100% _lit'eral\" *star*"]],
    ["q=%22", ["Zed 100% _lit'eral\" *star*"]],
    ["q=*star*", ["Zed 100% _lit'eral\" *star*"]],
    ["q=%25", ["Zed 100% _lit'eral\" *star*"]],
    ["q=nobody-matches", []],
    ["campaign=spring", ["Bob Brown", "Alice Anders"]],
    ["campaign=autumn", ["Zed 100% _lit'eral\" *star*", "王小明", "Bob Brown"]],
    ["ref=autumn&ref1=hats", ["Bob Brown"]],
    ["ref1=shoes", ["Alice Anders"]],
    ["ref2=spring", ["Bob Brown"]],
    ["sender=441111", ["dana d'Arc", "Alice Anders"]],
    ["sender=Chen", ["Zed 100% _lit'eral\" *star*", "王小明"]],
    ["business=15550001", ["Zed 100% _lit'eral\" *star*", "王小明", "Alice Anders"]],
    ["business=104600000000058", ["dana d'Arc", "Zed 100% _lit'eral\" *star*", "王小明", "Bob Brown", "Alice Anders"]],
    ["waba=waba-other", ["dana d'Arc"]],
    ["from=2025-02-10&to=2025-03-10", ["Zed 100% _lit'eral\" *star*", "王小明", "Bob Brown"]],
    ["to=2025-01-10", ["Alice Anders"]],
    ["from=2025-04-11", []],
    ["campaign=autumn&q=bob", ["Bob Brown"]],
  ])("filters %s", async (query, expected) => {
    const { status, json } = await list(query);
    expect(status).toBe(200);
    expect(names(json)).toEqual(expected);
    expect(json.total).toBe(expected.length);
  });

  it.each([
    ["page=0", "page"],
    ["page=abc", "page"],
    ["pageSize=201", "pageSize"],
    ["pageSize=0", "pageSize"],
    ["sort=sideways", "sort"],
    ["from=2025-13-01", "from"],
    ["to=yesterday", "to"],
    ["from=2025-05-01&to=2025-04-01", "to"],
  ])("answers 400 for %s, naming %s", async (query, path) => {
    const { status, json } = await list(query);
    expect(status).toBe(400);
    expect(json.error).toBe("Invalid query parameters");
    expect(json.issues.map((issue: any) => issue.path)).toEqual([path]);
  });

  it("ignores parameters it does not know", async () => {
    expect((await list("view=table")).status).toBe(200);
  });
});

describe("GET /api/contacts/{id}", () => {
  it("answers the item plus the raw callback", async () => {
    const alice = (await list("q=alice")).json.items[0];
    const response = await getContact(await apiRequest("http://localhost/api/contacts/x"), { params: Promise.resolve({ id: String(alice.id) }) });
    expect(response.status).toBe(200);
    const json = (await response.json()) as any;
    expect(json).toMatchObject({ id: alice.id, name: alice.name });
    expect(json.raw.meta_object.value.messages[0].id).toBe("m-alice");
  });

  it.each(["999999", "abc", "-1", "0"])("answers 404 JSON for %s", async (id) => {
    const response = await getContact(await apiRequest("http://localhost/api/contacts/x"), { params: Promise.resolve({ id }) });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "No contact with that id" });
  });
});

describe("GET /api/campaigns and /api/health", () => {
  it("lists each non-empty ref value with its count, most first", async () => {
    const campaigns = await (await getCampaigns(await apiRequest("http://localhost/api/campaigns"))).json();
    expect(campaigns).toEqual([
      { field: "ref", value: "autumn", count: 3 },
      { field: "ref1", value: "hats", count: 1 },
      { field: "ref1", value: "shoes", count: 1 },
      { field: "ref", value: "spring", count: 1 },
      { field: "ref2", value: "spring", count: 1 },
    ]);
  });

  it("reports health", async () => {
    const response = await getHealth();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
