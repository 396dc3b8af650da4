import { describe, expect, it } from "vitest";
import { shareUid, shareUidNamespace, shareUuid, uuidV5 } from "@/lib/contacts/vcard-uid";
import { debianPython, run } from "@/test/address-book-clients";

describe("uuidV5", () => {
  it("matches RFC 9562's name-based UUID (the DNS namespace's www.example.com)", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("agrees with Python's uuid.uuid5 for non-ASCII names", () => {
    const names = ["wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUI=:0", "Núñez 😀:3", ""];
    const python = run(debianPython, ["-c", `import sys, uuid, json\nfor n in json.load(sys.stdin): print(uuid.uuid5(uuid.UUID("${shareUidNamespace}"), n))`], {
      input: JSON.stringify(names),
    });
    expect(names.map((name) => uuidV5(name, shareUidNamespace))).toEqual(python.trim().split("\n"));
  });

  it("refuses a namespace that is not a UUID", () => {
    expect(() => uuidV5("x", "not-a-uuid")).toThrow(new TypeError("not a UUID: not-a-uuid"));
    // 32 hex digits with something before or after them is not a UUID either.
    expect(() => uuidV5("x", "x6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toThrow(TypeError);
    expect(() => uuidV5("x", "6ba7b810-9dad-11d1-80b4-00c04fd430c8x")).toThrow(TypeError);
  });
});

describe("shareUid", () => {
  it("is urn:uuid: and the version 5 UUID of messageId:position", () => {
    const share = { messageId: "wamid.abc", position: 2 };
    expect(shareUuid(share)).toBe(uuidV5("wamid.abc:2", shareUidNamespace));
    expect(shareUid(share)).toBe(`urn:uuid:${shareUuid(share)}`);
    expect(shareUuid(share)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("is the same for the same card and differs for another card of the message or another message", () => {
    expect(shareUid({ messageId: "m1", position: 0 })).toBe(shareUid({ messageId: "m1", position: 0 }));
    const uids = new Set([shareUid({ messageId: "m1", position: 0 }), shareUid({ messageId: "m1", position: 1 }), shareUid({ messageId: "m2", position: 0 })]);
    expect(uids.size).toBe(3);
    // The position has no ":", so the last ":" always splits the name the same way.
    expect(shareUid({ messageId: "m1:1", position: 0 })).not.toBe(shareUid({ messageId: "m1", position: 1 }));
  });
});
