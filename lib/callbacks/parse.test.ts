import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeJsonBody } from "./decode";
import { formatPath, maxReportedIssues, reportableIssues } from "./issues";
import { parseCallback } from "./parse";

/**
 * The parser on its own: exactly what each envelope becomes, field by field, and exactly what each
 * rejection says. The route tests check that what is parsed is stored; these check the reading.
 */

const sample = (name: string) => JSON.parse(readFileSync(path.join(__dirname, "..", "..", "samples", `${name}.json`), "utf8")) as Record<string, any>;

function parsed(body: unknown) {
  const result = parseCallback(body);
  if (!result.ok) throw new Error(`expected a parse, got ${JSON.stringify(result)}`);
  return result.callback;
}

function rejected(body: unknown) {
  const result = parseCallback(body);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result)}`);
  return result;
}

/** A Meta `value` with one contacts message holding the given cards. */
function metaValue(cards: unknown[], message: Record<string, unknown> = {}, value: Record<string, unknown> = {}) {
  return {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: "15550001111", phone_number_id: "123456123" },
    contacts: [{ profile: { name: "Kerry" }, wa_id: "16315551181" }],
    messages: [{ from: "16315551181", id: "wamid.ID", timestamp: "1700000000", type: "contacts", contacts: cards, ...message }],
    ...value,
  };
}

const kaleyra = (value: unknown, extra: Record<string, unknown> | null = {}, field: unknown = "messages") => ({ meta_object: { field, value }, extra_info: extra });
const meta = (changes: unknown[], id = "WABA-1") => ({ object: "whatsapp_business_account", entry: [{ id, changes }] });

describe("the documented Kaleyra sample", () => {
  it("becomes one message with every field in place", () => {
    expect(parsed(sample("kaleyra-contact-message"))).toEqual({
      envelope: "kaleyra",
      ignored: [],
      messages: [
        {
          messageId: "wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhggXXXXXXXXXXRDBENzY0RTlFR1RUNBNkQ1QzQxRTM1NkQA",
          // "17XXXXXX22" is a masked timestamp: no message time.
          sentAt: null,
          contextId: null,
          // `from` does not match the profile's wa_id: the only profile is still the sender's, but `from` wins for the number.
          sender: { waId: "919XXXXXXXX5", userId: null, profileName: "Sam" },
          business: { displayPhoneNumber: "91XXXXXXXXXX", phoneNumberId: "10460XXXXXXXX58", wabaId: "347XXXXXXXXXX69" },
          refs: { ref: "Hello This will be my reference id - 123", ref1: "shoes campaign", ref2: "summer sale campaign" },
          replyTo: "48c38d78-4ec5-XXXX-abee-03XXXXXX6c85",
          traceId: "cb94fee2-3e70-XXXX-944a-2a4XXXXdb90a",
          // "" is "not sent".
          mediaUrl: null,
          cards: [
            {
              name: { formatted: "Rajat Lavekar, IIT dh", first: "Rajat Lavekar", middle: "IIT", last: "dh", prefix: null, suffix: null },
              // A single phone object is read as a list of one.
              phones: [{ phone: "+91 9XXXXXX 987", waId: "91XXXXXXXXXX", type: "MOBILE", e164: null }],
              emails: [],
              addresses: [],
              org: null,
              urls: [],
              birthday: null,
            },
          ],
        },
      ],
    });
  });
});

describe("the documented Meta sample", () => {
  it("takes the WABA id from the entry and has no Kaleyra extras", () => {
    const callback = parsed(sample("meta-contacts-message"));
    expect(callback.envelope).toBe("meta");
    expect(callback.ignored).toEqual([]);
    expect(callback.messages).toHaveLength(1);
    const [message] = callback.messages;
    expect(message!.business.wabaId).toBe(sample("meta-contacts-message").entry[0].id);
    expect(message!.refs).toEqual({ ref: null, ref1: null, ref2: null });
    expect([message!.replyTo, message!.traceId, message!.mediaUrl]).toEqual([null, null, null]);
  });
});

describe("a card", () => {
  const card = (input: Record<string, unknown>) => parsed(kaleyra(metaValue([input]))).messages[0]!.cards[0]!;

  it("keeps every name part, email, address, URL and the birthday", () => {
    expect(
      card({
        name: { formatted_name: "Dr. Ana María López Jr.", first_name: "Ana", middle_name: "María", last_name: "López", prefix: "Dr.", suffix: "Jr." },
        phones: [
          { phone: "+1 (415) 555-2671", type: "WORK" },
          { wa_id: "447911123456", type: "HOME" },
        ],
        emails: [{ email: "ana@example.com", type: "WORK" }],
        addresses: [{ street: "1 Main St", city: "Springfield", state: "IL", zip: "62701", country: "United States", country_code: "us", type: "HOME" }],
        org: { company: "Acme", department: "Sales", title: "Lead" },
        urls: [{ url: "https://example.com", type: "WORK" }],
        birthday: "1990-04-01",
      }),
    ).toEqual({
      name: { formatted: "Dr. Ana María López Jr.", first: "Ana", middle: "María", last: "López", prefix: "Dr.", suffix: "Jr." },
      phones: [
        { phone: "+1 (415) 555-2671", waId: null, type: "WORK", e164: "+14155552671" },
        // No phone text: the number comes from the wa_id.
        { phone: null, waId: "447911123456", type: "HOME", e164: "+447911123456" },
      ],
      emails: [{ email: "ana@example.com", type: "WORK" }],
      addresses: [{ street: "1 Main St", city: "Springfield", state: "IL", zip: "62701", country: "United States", countryCode: "us", type: "HOME" }],
      org: { company: "Acme", department: "Sales", title: "Lead" },
      urls: [{ url: "https://example.com", type: "WORK" }],
      birthday: "1990-04-01",
    });
  });

  it("has no org when every org part is empty, and one when any part is there", () => {
    expect(card({ org: { company: " ", department: "", title: null } }).org).toBeNull();
    expect(card({ org: { title: "Buyer" } }).org).toEqual({ company: null, department: null, title: "Buyer" });
    expect(card({ org: { department: "Ops" } }).org).toEqual({ company: null, department: "Ops", title: null });
    expect(card({ org: { company: "Acme" } }).org).toEqual({ company: "Acme", department: null, title: null });
  });

  it("reads numbers sent as numbers as text, and blank text as not sent", () => {
    // Without a "+" or a wa_id the number's country is unknown: no E.164 is guessed.
    expect(card({ phones: [{ phone: 14155552671, wa_id: "   " }] }).phones).toEqual([{ phone: "14155552671", waId: null, type: null, e164: null }]);
    expect(card({}).name).toEqual({ formatted: null, first: null, middle: null, last: null, prefix: null, suffix: null });
  });
});

describe("a message", () => {
  const message = (overrides: Record<string, unknown>, value: Record<string, unknown> = {}) => parsed(kaleyra(metaValue([{ name: { formatted_name: "X" } }], overrides, value))).messages[0]!;

  it("reads unix-second timestamps, trimmed, and nothing else", () => {
    expect(message({ timestamp: "1700000000" }).sentAt).toEqual(new Date(1_700_000_000_000));
    expect(message({ timestamp: " 1700000000 " }).sentAt).toEqual(new Date(1_700_000_000_000));
    expect(message({ timestamp: "999999999999" }).sentAt).toEqual(new Date(999_999_999_999_000));
    expect(message({ timestamp: "1" }).sentAt).toEqual(new Date(1000));
    for (const unreadable of ["1000000000000", "17XXXXXX22", "", "1.5", "-5", "0x10", "1700000000a", "a1700000000"]) expect(message({ timestamp: unreadable }).sentAt).toBeNull();
    expect(message({ timestamp: undefined }).sentAt).toBeNull();
  });

  it("keeps the context (reply) id", () => {
    expect(message({ context: { id: "wamid.PARENT" } }).contextId).toBe("wamid.PARENT");
    expect(message({}).contextId).toBeNull();
  });

  it("matches the sender's profile by wa_id, else takes the first profile", () => {
    const profiles = { contacts: [{ profile: { name: "First" }, wa_id: "111" }, { profile: { name: "Second" }, wa_id: "222", user_id: "U-2" }] };
    expect(message({ from: "222" }, profiles).sender).toEqual({ waId: "222", userId: "U-2", profileName: "Second" });
    expect(message({ from: "333" }, profiles).sender).toEqual({ waId: "333", userId: null, profileName: "First" });
    // No `from`: the first profile speaks for the sender, its wa_id included.
    expect(message({ from: undefined }, profiles).sender).toEqual({ waId: "111", userId: null, profileName: "First" });
    expect(message({ from: undefined }, { contacts: [] }).sender).toEqual({ waId: null, userId: null, profileName: null });
    expect(message({ from: undefined }, { contacts: [{ wa_id: "444" }] }).sender).toEqual({ waId: "444", userId: null, profileName: null });
  });

  it("takes the sender's user id from from_user_id, then user_id, then the profile", () => {
    const profiles = { contacts: [{ profile: { name: "P" }, wa_id: "16315551181", user_id: "U-PROFILE" }] };
    expect(message({ from_user_id: "U-FROM", user_id: "U-MSG" }, profiles).sender.userId).toBe("U-FROM");
    expect(message({ user_id: "U-MSG" }, profiles).sender.userId).toBe("U-MSG");
    expect(message({}, profiles).sender.userId).toBe("U-PROFILE");
  });

  it("takes the first profile when there is no `from`, even over a later profile without a wa_id", () => {
    const profiles = { contacts: [{ profile: { name: "First" }, wa_id: "111" }, { profile: { name: "No number" } }] };
    expect(message({ from: undefined }, profiles).sender).toEqual({ waId: "111", userId: null, profileName: "First" });
  });

  it("has no business number without metadata", () => {
    expect(message({}, { metadata: null }).business).toEqual({ displayPhoneNumber: null, phoneNumberId: null, wabaId: null });
  });
});

describe("Kaleyra's envelope", () => {
  it("reads each extra_info field, and none without extra_info", () => {
    const extras = { media_url: "https://media/x", ref: "r0", ref1: "r1", ref2: "r2", reply_to: "reply", trace_id: "trace", waba_id: "waba" };
    const withExtras = parsed(kaleyra(metaValue([{}]), extras)).messages[0]!;
    expect([withExtras.mediaUrl, withExtras.refs, withExtras.replyTo, withExtras.traceId, withExtras.business.wabaId]).toEqual(["https://media/x", { ref: "r0", ref1: "r1", ref2: "r2" }, "reply", "trace", "waba"]);
    const without = parsed(kaleyra(metaValue([{}]), null)).messages[0]!;
    expect([without.mediaUrl, without.refs, without.replyTo, without.traceId, without.business.wabaId]).toEqual([null, { ref: null, ref1: null, ref2: null }, null, null, null]);
  });

  it("ignores a change of another field, and reads one with no field", () => {
    expect(parsed(kaleyra(metaValue([{}]), {}, "account_update"))).toEqual({ envelope: "kaleyra", messages: [], ignored: ['field "account_update"'] });
    expect(parsed(kaleyra(metaValue([{}]), {}, null)).messages).toHaveLength(1);
    expect(parsed(kaleyra(metaValue([{}]), {}, undefined)).messages).toHaveLength(1);
  });

  it("logs, ignores and counts what is not a contacts message", () => {
    const value = metaValue([{}], {}, { statuses: [{}, {}] });
    value.messages.push({ from: "1", id: "wamid.T", timestamp: "1", type: "text", contacts: [] }, { from: "1", id: "wamid.I", timestamp: "1", type: "image", contacts: [] });
    const callback = parsed(kaleyra(value));
    expect(callback.messages.map((message) => message.messageId)).toEqual(["wamid.ID"]);
    expect(callback.ignored).toEqual(["2 status update(s)", 'message of type "text"', 'message of type "image"']);
  });

  it('says "a change with no messages" only when nothing else is there', () => {
    expect(parsed(kaleyra(metaValue([{}], {}, { metadata: undefined }))).ignored).toEqual([]);
    expect(parsed(kaleyra({})).ignored).toEqual(["a change with no messages"]);
    expect(parsed(kaleyra({ metadata: { display_phone_number: "1" } })).ignored).toEqual([]);
    expect(parsed(kaleyra({ statuses: [{}] })).ignored).toEqual(["1 status update(s)"]);
    expect(parsed(kaleyra({ statuses: [] })).ignored).toEqual(["a change with no messages"]);
  });

  it("names the envelope and the path of what is wrong", () => {
    const wrong = rejected(kaleyra(metaValue([{ phones: [{ phone: "x".repeat(65) }] }])));
    expect(wrong.error).toBe("The callback does not match Kaleyra's contact-message envelope");
    expect(wrong.issues).toEqual([{ path: "meta_object.value.messages[0].contacts[0].phones[0].phone", message: "must be at most 64 characters", exceedsLimit: true }]);
    const noValue = rejected({ meta_object: "nope" });
    expect(noValue.error).toBe("The callback does not match Kaleyra's contact-message envelope");
    expect(noValue.issues.map((issue) => issue.path)).toEqual(["meta_object"]);
    expect(noValue.issues[0]!.exceedsLimit).toBeUndefined();
    // A value that is not one, or whose message list is not a list.
    expect(rejected(kaleyra("text")).issues.map((issue) => issue.path)).toEqual(["meta_object.value"]);
    expect(rejected(kaleyra({ messages: 5 })).issues.map((issue) => issue.path)).toEqual(["meta_object.value.messages"]);
    expect(rejected(meta([{ field: "messages", value: { statuses: "x" } }])).issues.map((issue) => issue.path)).toEqual(["entry[0].changes[0].value.statuses"]);
    const noId = rejected(kaleyra(metaValue([{}], { id: "" })));
    expect(noId.issues.map((issue) => issue.path)).toEqual(["meta_object.value.messages[0].id"]);
  });
});

describe("Meta's envelope", () => {
  it("reads every change of every entry, ignoring other fields", () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [
        { id: "WABA-1", changes: [{ field: "messages", value: metaValue([{}], { id: "wamid.A" }) }, { field: "account_alerts", value: {} }] },
        { id: "WABA-2", changes: [{ field: "messages", value: metaValue([{}, {}], { id: "wamid.B" }) }, { value: {} }] },
      ],
    };
    const callback = parsed(body);
    expect(callback.envelope).toBe("meta");
    expect(callback.messages.map((message) => [message.messageId, message.business.wabaId, message.cards.length])).toEqual([
      ["wamid.A", "WABA-1", 1],
      ["wamid.B", "WABA-2", 2],
    ]);
    expect(callback.ignored).toEqual(['change of field "account_alerts"', 'change of field "(none)"']);
  });

  it("keeps what a change ignored", () => {
    expect(parsed(meta([{ field: "messages", value: { statuses: [{}] } }])).ignored).toEqual(["1 status update(s)"]);
  });

  it("names the entry and change of every bad message, all of them", () => {
    const bad = metaValue([{}], { id: "" });
    const wrong = rejected(meta([{ field: "messages", value: metaValue([{}]) }, { field: "messages", value: bad }, { field: "messages", value: bad }]));
    expect(wrong.error).toBe("The callback does not match Meta's WhatsApp webhook envelope");
    expect(wrong.issues.map((issue) => issue.path)).toEqual(["entry[0].changes[1].value.messages[0].id", "entry[0].changes[2].value.messages[0].id"]);
    expect(rejected({ object: "whatsapp_business_account", entry: "x" }).error).toBe("The callback does not match Meta's WhatsApp webhook envelope");
  });
});

describe("Kaleyra's status callbacks", () => {
  it("are logged and ignored, naming the status", () => {
    expect(parsed({ status: "delivered", message_id: "m" })).toEqual({ envelope: "kaleyra", messages: [], ignored: ['status callback "delivered"'] });
    expect(parsed({ message_id: "m" })).toEqual({ envelope: "kaleyra", messages: [], ignored: ["status callback"] });
    expect(parsed({ status: 3 })).toEqual({ envelope: "kaleyra", messages: [], ignored: ["status callback"] });
  });

  it("do not capture a contact message that also has a status", () => {
    expect(parsed({ ...kaleyra(metaValue([{}])), status: "x" }).messages).toHaveLength(1);
  });
});

describe("what is not a callback", () => {
  it("names what the body was instead of an object", () => {
    for (const [body, got] of [
      [null, "null"],
      [[], "an array"],
      [[{ meta_object: {} }], "an array"],
      [42, "number"],
      ["text", "string"],
      [true, "boolean"],
    ] as const) {
      const wrong = rejected(body);
      expect(wrong.error).toBe("The callback body must be a JSON object");
      expect(wrong.issues).toEqual([{ path: "(root)", message: `expected an object, got ${got}` }]);
    }
  });

  it("says which envelopes it knows", () => {
    for (const body of [{}, { object: "whatsapp_business_account" }, { entry: [] }, { foo: 1 }]) {
      const wrong = rejected(body);
      expect(wrong.error).toBe("Unrecognised callback envelope");
      expect(wrong.issues).toEqual([{ path: "(root)", message: 'expected Kaleyra\'s {"meta_object", "extra_info"} or Meta\'s {"object": "whatsapp_business_account", "entry"}' }]);
    }
  });
});

describe("the cards-per-callback limit", () => {
  const value = (cards: number) => metaValue(Array.from({ length: cards }, () => ({})));

  it("counts the cards of every message together", () => {
    // Two messages of 250 cards each (each under the per-message limit of 257): 500 in all is allowed…
    const at = metaValue(Array.from({ length: 250 }, () => ({})));
    at.messages.push({ ...at.messages[0]!, id: "wamid.SECOND" });
    expect(parsed(kaleyra(at)).messages).toHaveLength(2);
    // …501 is not, and the answer says how many and what the limit is.
    const over = metaValue(Array.from({ length: 251 }, () => ({})));
    over.messages.push({ ...at.messages[0]!, id: "wamid.SECOND" });
    const wrong = rejected(kaleyra(over));
    expect(wrong.error).toBe("The callback holds more contacts than one callback may");
    expect(wrong.issues).toEqual([{ path: "(root)", message: "holds 501 contacts in all; at most 500 per callback", exceedsLimit: true }]);
    expect(parsed(kaleyra(value(1))).messages[0]!.cards).toHaveLength(1);
  });
});

describe("issue lists", () => {
  it("format paths with indexes and dots", () => {
    expect(formatPath([])).toBe("(root)");
    expect(formatPath(["entry"])).toBe("entry");
    expect(formatPath([0])).toBe("[0]");
    expect(formatPath(["entry", 0, "changes", 12, "value"])).toBe("entry[0].changes[12].value");
    expect(formatPath([Symbol.for("s"), "x"])).toBe("Symbol(s).x");
  });

  it(`show at most ${maxReportedIssues} issues and count the rest`, () => {
    const issues = (n: number) => Array.from({ length: n }, (_, index) => ({ path: `p${index}`, message: `m${index}`, exceedsLimit: true }));
    expect(reportableIssues(issues(maxReportedIssues))).toEqual(issues(maxReportedIssues).map(({ path, message }) => ({ path, message })));
    const shown = reportableIssues(issues(maxReportedIssues + 3));
    expect(shown).toHaveLength(maxReportedIssues + 1);
    expect(shown[maxReportedIssues - 1]).toEqual({ path: `p${maxReportedIssues - 1}`, message: `m${maxReportedIssues - 1}` });
    expect(shown[maxReportedIssues]).toEqual({ path: "(more)", message: "3 more issue(s) not listed" });
    expect(reportableIssues([])).toEqual([]);
  });
});

describe("decoding the body", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it("returns the text and the value", () => {
    expect(decodeJsonBody(bytes(' {"a": 1} '))).toEqual({ ok: true, text: ' {"a": 1} ', value: { a: 1 } });
  });

  it("keeps a readable copy of bytes that are not UTF-8", () => {
    expect(decodeJsonBody(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({ ok: false, text: "{\uFFFD}", error: "The body is not valid UTF-8", issues: [{ path: "(root)", message: "invalid UTF-8 byte sequence" }] });
  });

  it("calls an empty or blank body empty", () => {
    for (const text of ["", "  \n\t"]) expect(decodeJsonBody(bytes(text))).toEqual({ ok: false, text, error: "The body is empty", issues: [{ path: "(root)", message: "expected a JSON object" }] });
  });

  it("passes on what JSON.parse said", () => {
    const result = decodeJsonBody(bytes("{nope"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBe("The body is not valid JSON");
    expect(result.text).toBe("{nope");
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.path).toBe("(root)");
    expect(result.issues[0]!.message).toMatch(/JSON|property|token/i);
  });
});
