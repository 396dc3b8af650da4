import { describe, expect, it } from "vitest";
import { sqlAll, sqlCount, sqlOne } from "@/test/database";
import { kaleyraCallback, postCallback, readSample, apiRequest } from "@/test/callbacks";
import { GET as getContacts } from "@/app/api/contacts/route";
import { GET as getContact } from "@/app/api/contacts/[id]/route";
import { DELETE, GET, PUT } from "./route";

async function contactsWhere(query: string) {
  const response = await getContacts(await apiRequest(`http://localhost/api/contacts?${query}`));
  return (await response.json()) as { items: any[]; total: number };
}

function logEntries() {
  return sqlAll<any>("select * from callbacks order by id");
}

async function lastLogEntry() {
  return (await sqlOne<any>("select * from callbacks order by id desc limit 1"))!;
}

function countShares(messageId: string): Promise<number> {
  return sqlCount("select count(*) as n from contact_shares where message_id = ?", messageId);
}

describe("POST /api/callbacks/whatsapp — the documented samples", () => {
  it("stores the documented Kaleyra sample with every field", async () => {
    const raw = readSample("kaleyra-contact-message");
    const response = await postCallback(raw);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ ok: true, outcome: "stored", sharesStored: 1 });

    const { items } = await contactsWhere("q=Rajat");
    expect(items).toHaveLength(1);
    const item = items[0];
    expect(item).toMatchObject({
      messageId: "wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhggXXXXXXXXXXRDBENzY0RTlFR1RUNBNkQ1QzQxRTM1NkQA",
      sentAt: null, // the sample's timestamp is masked ("17XXXXXX22")
      name: { formatted: "Rajat Lavekar, IIT dh", first: "Rajat Lavekar", middle: "IIT", last: "dh", prefix: null, suffix: null },
      phones: [{ phone: "+91 9XXXXXX 987", waId: "91XXXXXXXXXX", type: "MOBILE", e164: null }],
      emails: [],
      addresses: [],
      org: null,
      urls: [],
      birthday: null,
      sender: { waId: "919XXXXXXXX5", profileName: "Sam", userId: null },
      business: { displayPhoneNumber: "91XXXXXXXXXX", phoneNumberId: "10460XXXXXXXX58", wabaId: "347XXXXXXXXXX69" },
      refs: { ref: "Hello This will be my reference id - 123", ref1: "shoes campaign", ref2: "summer sale campaign" },
      replyTo: "48c38d78-4ec5-XXXX-abee-03XXXXXX6c85",
      traceId: "cb94fee2-3e70-XXXX-944a-2a4XXXXdb90a",
      contextId: null,
      mediaUrl: null, // sent as ""
    });
    expect(Date.parse(item.receivedAt)).toBeGreaterThan(Date.now() - 60_000);

    const entry = await lastLogEntry();
    expect(entry).toMatchObject({ outcome: "stored", envelope: "kaleyra", http_status: 200, shares_stored: 1, raw_body: raw });
  });

  it("stores Meta's envelope: several cards in one message, wa_id from entry.id, real timestamp", async () => {
    const response = await postCallback(readSample("meta-contacts-message"));
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ outcome: "stored", sharesStored: 2 });

    const { items } = await contactsWhere("sender=447700900123&sort=oldest");
    expect(items.map((i) => i.name.formatted)).toEqual(["Dr. Tomás Núñez-García Jr.", "Ana"]);
    const [tomas, ana] = items;
    expect(tomas).toMatchObject({
      sentAt: "2025-11-24T10:00:00.000Z",
      name: { formatted: "Dr. Tomás Núñez-García Jr.", first: "Tomás", middle: null, last: "Núñez-García", prefix: "Dr.", suffix: "Jr." },
      phones: [
        { phone: "+34 612 34 56 78", waId: "34612345678", type: "CELL", e164: "+34612345678" },
        { phone: "+34 912 345 678", waId: null, type: "WORK", e164: "+34912345678" },
      ],
      emails: [{ email: "tomas@example.es", type: "WORK" }],
      addresses: [{ street: "Calle Mayor 10", city: "Madrid", state: "Madrid", zip: "28013", country: "Spain", countryCode: "ES", type: "WORK" }],
      org: { company: "Clínica Sol", department: "Pediatrics", title: "Head of Department" },
      urls: [{ url: "https://clinica-sol.example.es", type: "WORK" }],
      birthday: "1984-03-09",
      sender: { waId: "447700900123", profileName: "Maya Okafor", userId: null },
      business: { displayPhoneNumber: "15550783881", phoneNumberId: "106540352242922", wabaId: "102290129340398" },
      refs: { ref: null, ref1: null, ref2: null },
    });
    expect(ana).toMatchObject({ name: { formatted: "Ana", first: "Ana" }, phones: [{ phone: "+34 699 000 111", type: "HOME", e164: "+34699000111" }], org: null });
    expect(await lastLogEntry()).toMatchObject({ envelope: "meta", outcome: "stored", shares_stored: 2 });
  });
});

describe("messages and cards", () => {
  it("stores several messages of one callback, each with its cards", async () => {
    const body = kaleyraCallback({ messageId: "multi-1", cards: [{ name: { formatted_name: "One" } }] });
    body.meta_object.value.messages.push({
      from: "919800000001",
      id: "multi-2",
      timestamp: "1763978500",
      type: "contacts",
      contacts: [{ name: { formatted_name: "Two" } }, { name: { formatted_name: "Three" } }],
    });
    const response = await postCallback(body);
    expect(response.json).toMatchObject({ outcome: "stored", sharesStored: 3 });
    expect(await countShares("multi-1")).toBe(1);
    expect(await countShares("multi-2")).toBe(2);
  });

  it("accepts each contact property missing, and phones as an object or an array", async () => {
    const variants: Record<string, unknown> = {
      "no-name": { phones: [{ phone: "+14155550100" }] },
      "no-phones": { name: { formatted_name: "No Phones" } },
      "phones-object": { name: { formatted_name: "Phone Object" }, phones: { phone: "+14155550101", type: "HOME" } },
      "emails-object": { name: { first_name: "Only First" }, emails: { email: "x@example.com" } },
      "empty-card": {},
      "null-fields": { name: null, phones: null, emails: null, org: null, birthday: null },
      "org-only": { org: { company: "Acme" } },
      "address-object": { addresses: { city: "Pune" } },
      "urls-object": { urls: { url: "https://example.com" } },
    };
    for (const [id, card] of Object.entries(variants)) {
      const response = await postCallback(kaleyraCallback({ messageId: `variant-${id}`, cards: [card] }));
      expect(response.status, id).toBe(200);
      expect(await countShares(`variant-${id}`), id).toBe(1);
    }
    const { items } = await contactsWhere("q=Phone Object");
    expect(items[0].phones).toEqual([{ phone: "+14155550101", waId: null, type: "HOME", e164: "+14155550101" }]);
    const orgOnly = (await contactsWhere("q=acme")).items[0];
    expect(orgOnly.org).toEqual({ company: "Acme", department: null, title: null });
    expect(orgOnly.name).toEqual({ formatted: null, first: null, middle: null, last: null, prefix: null, suffix: null });
  });

  it("keeps unknown fields without rejecting, and survives deeply nested JSON in them", async () => {
    let deep = "1";
    for (let i = 0; i < 100_000; i++) deep = `{"x":${deep}}`;
    const body = JSON.stringify(kaleyraCallback({ messageId: "deep-1", cards: [{ name: { formatted_name: "Deep Nest" }, future_field: 1 }] })).replace(
      '"future_field":1',
      `"future_field":${deep}`,
    );
    const response = await postCallback(body);
    expect(response.status).toBe(200);
    expect((await lastLogEntry()).raw_body).toBe(body);
    const { items } = await contactsWhere("q=Deep Nest");
    const detail = await getContact(await apiRequest("http://localhost/api/contacts/x"), { params: Promise.resolve({ id: String(items[0].id) }) });
    expect(detail.status).toBe(200);
    expect((await detail.text()).length).toBeGreaterThan(body.length);
  });

  it("matches the sender profile to `from` by wa_id, else takes the first, and allows none", async () => {
    const body = kaleyraCallback({ messageId: "profile-match", from: "447000000002", cards: [{ name: { formatted_name: "P" } }] });
    body.meta_object.value.contacts = [
      { profile: { name: "Someone Else" }, wa_id: "447000000001" },
      { profile: { name: "The Sender" }, wa_id: "447000000002" },
    ];
    await postCallback(body);
    const noProfile = kaleyraCallback({ messageId: "profile-none", cards: [{ name: { formatted_name: "P2" } }] });
    delete (noProfile.meta_object.value as { contacts?: unknown }).contacts;
    expect((await postCallback(noProfile)).status).toBe(200);

    expect((await contactsWhere("sender=447000000002")).items[0].sender.profileName).toBe("The Sender");
    const none = (await contactsWhere("q=p2")).items.find((i) => i.messageId === "profile-none");
    expect(none.sender).toEqual({ waId: "919800000001", profileName: null, userId: null });
  });

  it("accepts senders identified only by a business-scoped user id", async () => {
    const body = kaleyraCallback({ messageId: "bsuid-1", cards: [{ name: { formatted_name: "BSUID" } }] });
    const message = body.meta_object.value.messages[0] as Record<string, unknown>;
    delete message.from;
    message.from_user_id = "US.1234567890";
    body.meta_object.value.contacts = [{ profile: { name: "Hidden" }, user_id: "US.1234567890" } as never];
    expect((await postCallback(body)).status).toBe(200);
    expect((await contactsWhere("q=bsuid")).items[0].sender).toEqual({ waId: null, profileName: "Hidden", userId: "US.1234567890" });
  });

  it("keeps context.id and a real timestamp", async () => {
    const body = kaleyraCallback({ messageId: "ctx-1", timestamp: "1700000000", cards: [{ name: { formatted_name: "Ctx Reply" } }] });
    (body.meta_object.value.messages[0] as Record<string, unknown>).context = { from: "918000000000", id: "wamid.ORIGINAL" };
    await postCallback(body);
    const item = (await contactsWhere("q=ctx reply")).items[0];
    expect(item.contextId).toBe("wamid.ORIGINAL");
    expect(item.sentAt).toBe("2023-11-14T22:13:20.000Z");
  });

  it("round-trips emoji, right-to-left and CJK names unchanged", async () => {
    const names = ["👩🏽‍💻 Zoë 🎉", "محمد العلي", "שרה כהן", "王小明", "Ελένη"];
    await postCallback(kaleyraCallback({ messageId: "i18n-1", cards: names.map((formatted_name) => ({ name: { formatted_name } })) }));
    const stored = await sqlAll<{ formatted_name: string }>("select formatted_name from contact_shares where message_id = 'i18n-1' order by position");
    expect(stored.map((row) => row.formatted_name)).toEqual(names);
    expect((await contactsWhere("q=小明")).items.map((i) => i.name.formatted)).toEqual(["王小明"]);
    expect((await contactsWhere("q=العلي")).items.map((i) => i.name.formatted)).toEqual(["محمد العلي"]);
  });
});

describe("idempotency", () => {
  it("stores a redelivered message once and still answers 200", async () => {
    const body = kaleyraCallback({ messageId: "redeliver-1", cards: [{ name: { formatted_name: "Again" } }, { name: { formatted_name: "Again Two" } }] });
    expect((await postCallback(body)).json).toMatchObject({ outcome: "stored", sharesStored: 2 });
    const second = await postCallback(body);
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ outcome: "duplicate", sharesStored: 0, sharesAlreadyStored: 2 });
    expect(await countShares("redeliver-1")).toBe(2);
    expect(await lastLogEntry()).toMatchObject({ outcome: "duplicate", shares_stored: 0 });
  });

  it("never stores two shares for concurrent deliveries of the same message", async () => {
    const body = kaleyraCallback({ messageId: "concurrent-1", cards: [{ name: { formatted_name: "Race" } }] });
    const responses = await Promise.all(Array.from({ length: 20 }, () => postCallback(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(responses.filter((r) => r.json.outcome === "stored")).toHaveLength(1);
    expect(await countShares("concurrent-1")).toBe(1);
  });

  it("counts a campaign once per stored card, not per delivery", async () => {
    const body = kaleyraCallback({ messageId: "count-1", cards: [{ name: { formatted_name: "Counted" } }], extraInfo: { ref: "count-campaign", ref1: "", ref2: null } });
    await postCallback(body);
    await postCallback(body);
    const campaigns = (await (await (await import("@/app/api/campaigns/route")).GET(await apiRequest("http://localhost/api/campaigns"))).json()) as any[];
    expect(campaigns.filter((c) => c.value === "count-campaign")).toEqual([{ field: "ref", value: "count-campaign", count: 1 }]);
  });
});

describe("ignored callbacks", () => {
  it.each([
    ["a text message", kaleyraCallback({ messageId: "text-1", cards: [] })],
    ["a Meta status update", { object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages", value: { metadata: {}, statuses: [{ id: "wamid.X", status: "read" }] } }] }] }],
    ["Kaleyra's status callback", { message_id: "abc", status: "delivered" }],
    ["a Meta change of another field", { object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "account_update", value: { anything: true } }] }] }],
  ])("answers 200 and logs %s as ignored", async (_label, body) => {
    if ("meta_object" in body) {
      const message = body.meta_object.value.messages[0] as Record<string, unknown>;
      message.type = "text";
      message.text = { body: "hello" };
      delete message.contacts;
    }
    const before = (await logEntries()).length;
    const response = await postCallback(body);
    expect(response.status).toBe(200);
    expect(response.json.outcome).toBe("ignored");
    expect(await logEntries()).toHaveLength(before + 1);
    expect(await lastLogEntry()).toMatchObject({ outcome: "ignored", shares_stored: 0, raw_body: JSON.stringify(body) });
  });
});

describe("bad input", () => {
  it.each([
    ["not JSON", "{not json", "The body is not valid JSON", "(root)"],
    ["empty", "", "The body is empty", "(root)"],
    ["an array", "[1,2]", "The callback body must be a JSON object", "(root)"],
    ["an unknown envelope", '{"hello":"world"}', "Unrecognised callback envelope", "(root)"],
    ["a contacts message without id", JSON.stringify({ meta_object: { value: { messages: [{ type: "contacts", contacts: [] }] } } }), "envelope", "meta_object.value.messages[0].id"],
    ["contacts that are not a list", JSON.stringify({ meta_object: { value: { messages: [{ id: "x", type: "contacts", contacts: "nope" }] } } }), "envelope", "meta_object.value.messages[0].contacts"],
    ["a Meta entry that is not a list", JSON.stringify({ object: "whatsapp_business_account", entry: {} }), "Meta", "entry"],
    ["a name of the wrong type", JSON.stringify({ meta_object: { value: { messages: [{ id: "x", type: "contacts", contacts: [{ name: "Bob" }] }] } } }), "envelope", "meta_object.value.messages[0].contacts[0].name"],
  ])("answers 400 for %s, naming the path, and logs it as rejected", async (_label, body, error, path) => {
    const response = await postCallback(body);
    expect(response.status).toBe(400);
    expect(response.json.error).toContain(error);
    expect(response.json.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    expect(await lastLogEntry()).toMatchObject({ outcome: "rejected", http_status: 400, raw_body: body });
    expect((await lastLogEntry()).reason).toContain(path);
    expect(response.json.callbackId).toBe((await lastLogEntry()).id);
  });

  it("rejects a body that is not UTF-8 and keeps what it could read", async () => {
    const response = await postCallback(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(response.status).toBe(400);
    expect(response.json.error).toBe("The body is not valid UTF-8");
    expect((await lastLogEntry()).outcome).toBe("rejected");
  });

  it("refuses a body over 1 MiB by its Content-Length with 413", async () => {
    const response = await postCallback("{}", { "content-length": String(2 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(response.json.issues[0].message).toContain("declared 2097152 bytes");
    expect(await lastLogEntry()).toMatchObject({ outcome: "rejected", http_status: 413, raw_body: null, body_bytes: 2097152 });
  });

  it("refuses a streamed body over 1 MiB by counting: answers before the rest arrives, then drains a bounded amount and lets go", async () => {
    let pulled = 0;
    let cancelled = false;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 1000) controller.close();
        else controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const { POST } = await import("./route");
    const request = new Request("http://localhost/api/callbacks/whatsapp", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    const response = await POST(request);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(1000); // answered without waiting for the ~60 MiB the sender offers
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The rest is read and discarded (so the sender sees the 413, not a reset) up to 16 MiB, then the stream is let go.
    const { drainLimits } = await import("@/lib/http/read-body");
    expect(cancelled).toBe(true);
    expect(pulled * chunk.byteLength).toBeGreaterThan(drainLimits.bytes);
    expect(pulled * chunk.byteLength).toBeLessThan(drainLimits.bytes + 4 * chunk.byteLength);
  });

  it("answers 405 to other methods", async () => {
    for (const handler of [GET, PUT, DELETE]) {
      const response = handler(new Request("http://localhost/api/callbacks/whatsapp"));
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(await response.json()).toMatchObject({ error: expect.stringContaining("Method not allowed") });
    }
  });


});
