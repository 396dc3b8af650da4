import { describe, expect, it } from "vitest";
import { safeReturnPath, signInHref } from "./sign-in-href";

describe("safeReturnPath", () => {
  it.each([
    ["/\\evil.example"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["//evil.example"],
    ["/..//evil.example"],
    ["/a/..//evil.example"],
    ["https://evil.example/"],
    ["javascript:alert(1)"],
    ["evil.example"],
    [""],
    ["/sign-in?next=/x"],
    ["/setup"],
    ["/setup?code=ABCD"],
    ["/sign-in/elsewhere"],
    ["//evil.example/contacts"],
    ["//["],
    ["/\\evil.example/contacts?x=1"],
  ])("refuses %j: back to /", (path) => {
    expect(safeReturnPath(path)).toBe("/");
  });

  it("keeps a path on this app, resolved and percent-encoded so no control character reaches a header", () => {
    expect(safeReturnPath("/contacts/5?q=ana maría#top")).toBe("/contacts/5?q=ana%20mar%C3%ADa#top");
    expect(safeReturnPath("/\r\nx")).toBe("/x");
    expect(safeReturnPath("/deliveries?outcome=rejected")).toBe("/deliveries?outcome=rejected");
  });

  it("builds the sign-in link with the return path", () => {
    expect(signInHref("/deliveries")).toBe("/sign-in?next=%2Fdeliveries");
    expect(signInHref("/\\evil.example")).toBe("/sign-in");
    expect(signInHref("/")).toBe("/sign-in");
    expect(signInHref(null)).toBe("/sign-in");
    expect(signInHref(undefined)).toBe("/sign-in");
    expect(signInHref("/contacts/5?q=a&b=c")).toBe("/sign-in?next=%2Fcontacts%2F5%3Fq%3Da%26b%3Dc");
  });
});
