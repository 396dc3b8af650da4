import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import { hashPassword } from "./passwords";
import { checkSetupCode, discardSetupCode, hasSetupCode, prepareSetupCode } from "./setup-code";

describe("first-run setup", () => {
  it("prints a one-time code while no agent exists, accepts only it, and forgets it once used", async () => {
    const store = await getStore();
    const lines: string[] = [];
    await prepareSetupCode(store, (line) => lines.push(line));
    const code = lines[0]?.match(/setup code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/)?.[1];
    expect(code).toBeDefined();
    expect(await hasSetupCode(store)).toBe(true);
    expect(await checkSetupCode(store, code!)).toBe(true);
    expect(await checkSetupCode(store, ` ${code!.toLowerCase()} `)).toBe(true);
    expect(await checkSetupCode(store, "AAAA-AAAA-AAAA")).toBe(false);
    expect(await checkSetupCode(store, "")).toBe(false);
    await discardSetupCode(store);
    expect(await hasSetupCode(store)).toBe(false);
    expect(await checkSetupCode(store, code!)).toBe(false);
  });

  it("makes codes of 3 groups of 4 characters that cannot be misread (no 0/O, 1/I), a new one each start", async () => {
    const store = await getStore();
    const codes: string[] = [];
    for (let start = 0; start < 40; start++) {
      const lines: string[] = [];
      await prepareSetupCode(store, (line) => lines.push(line));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\[contact-inbox\] No agent yet: open \/setup and enter the one-time setup code [A-Z0-9-]{14} to create the first admin\.$/);
      codes.push(lines[0]!.match(/setup code (\S+)/)![1]!);
    }
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // Every letter and digit of the alphabet turns up across 480 characters, so none is left out either.
    expect(new Set(codes.join("").replaceAll("-", "")).size).toBe(32);
    // Only the latest code works.
    expect(await checkSetupCode(store, codes.at(-1)!)).toBe(true);
    expect(await checkSetupCode(store, codes[0]!)).toBe(false);
  });

  it("creates the first admin once, even when three setups race, and prints no code afterwards", async () => {
    const store = await getStore();
    expect(await store.countAgents()).toBe(0);
    const passwordHash = await hashPassword("a long enough password");
    const results = await Promise.all([0, 1, 2].map(async (i) => store.createFirstAdmin({ email: `admin${i}@example.com`, passwordHash })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(results.find(Boolean)?.isAdmin).toBe(true);
    expect(await store.createFirstAdmin({ email: "late@example.com", passwordHash })).toBeNull();
    await store.createAgent({ email: "second@example.com", passwordHash, isAdmin: false });
    const lines: string[] = [];
    await prepareSetupCode(store, (line) => lines.push(line));
    expect(lines).toEqual([]);
  });
});
