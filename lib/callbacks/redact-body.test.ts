import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bodyMentions, redactCallbackBody } from "./redact-body";

const sample = (name: string) => readFileSync(path.join(__dirname, "..", "..", "samples", `${name}.json`), "utf8");
const metaId = "wamid.HBgLNDQ3NzAwOTAwMTIzFQIAEhggQjFBMjNDNEQ1RTZGNzA4OTBBQkNERUYwMTIzNDU2NzgA";
const kaleyraId = "wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhggXXXXXXXXXXRDBENzY0RTlFR1RUNBNkQ1QzQxRTM1NkQA";

describe("redactCallbackBody", () => {
  it("takes one card out of a Meta body, leaving null at its position and the other card where it was", () => {
    const redacted = redactCallbackBody(sample("meta-contacts-message"), [{ messageId: metaId, position: 0 }]);
    expect(redacted).not.toBeNull();
    expect(redacted).not.toContain("Tomás");
    expect(redacted).not.toContain("tomas@example.es");
    expect(redacted).not.toContain("Calle Mayor");
    const contacts = JSON.parse(redacted!).entry[0].changes[0].value.messages[0].contacts;
    expect(contacts).toHaveLength(2);
    expect(contacts[0]).toBeNull();
    expect(contacts[1].name.formatted_name).toBe("Ana");
    // A later deletion of the second card still finds it by its position, and then nothing is left: dropped.
    expect(redactCallbackBody(redacted!, [{ messageId: metaId, position: 1 }])).toBeNull();
  });

  it("drops a Kaleyra body whose only card goes", () => {
    expect(redactCallbackBody(sample("kaleyra-contact-message"), [{ messageId: kaleyraId, position: 0 }])).toBeNull();
  });

  it("drops a body it cannot read, or one where a card to remove is not where it should be", () => {
    expect(redactCallbackBody("{not json", [{ messageId: metaId, position: 0 }])).toBeNull();
    expect(redactCallbackBody(sample("meta-contacts-message"), [{ messageId: "wamid.other", position: 0 }])).toBeNull();
    expect(redactCallbackBody(sample("meta-contacts-message"), [{ messageId: metaId, position: 7 }])).toBeNull();
  });

  it("finds the message in any entry and change, and leaves messages of other ids alone", () => {
    const body = JSON.parse(sample("meta-contacts-message"));
    const second = structuredClone(body.entry[0]);
    second.changes[0].value.messages[0].id = "wamid.second";
    body.entry.push(second);
    const redacted = JSON.parse(redactCallbackBody(JSON.stringify(body), [{ messageId: "wamid.second", position: 1 }])!);
    expect(redacted.entry[0].changes[0].value.messages[0].contacts.map((card: { name: { first_name: string } } | null) => card?.name.first_name)).toEqual(["Tomás", "Ana"]);
    expect(redacted.entry[1].changes[0].value.messages[0].contacts[1]).toBeNull();
  });
});

describe("bodyMentions", () => {
  it("matches a message id as an id value, and a value as a whole JSON string, ignoring case", () => {
    const body = sample("meta-contacts-message");
    expect(bodyMentions({ messageIds: [metaId] })(body)).toBe(true);
    expect(bodyMentions({ messageIds: ["wamid.HBgL"] })(body)).toBe(false);
    expect(bodyMentions({ values: ["447700900123"] })(body)).toBe(true);
    expect(bodyMentions({ values: ["44770090012"] })(body)).toBe(false);
    expect(bodyMentions({ values: ["TOMAS@EXAMPLE.ES"] })(body)).toBe(true);
    expect(bodyMentions({})(body)).toBe(false);
  });
});
