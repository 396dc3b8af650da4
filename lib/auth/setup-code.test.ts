import { describe, expect, it } from "vitest";
import { countAgents, createAgent, createFirstAdmin } from "@/db/queries/agents";
import { hashPassword } from "./passwords";
import { checkSetupCode, discardSetupCode, hasSetupCode, prepareSetupCode } from "./setup-code";

describe("first-run setup", () => {
  it("prints a one-time code while no agent exists, accepts only it, and forgets it once used", () => {
    const lines: string[] = [];
    prepareSetupCode((line) => lines.push(line));
    const code = lines[0]?.match(/setup code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/)?.[1];
    expect(code).toBeDefined();
    expect(hasSetupCode()).toBe(true);
    expect(checkSetupCode(code!)).toBe(true);
    expect(checkSetupCode(` ${code!.toLowerCase()} `)).toBe(true);
    expect(checkSetupCode("AAAA-AAAA-AAAA")).toBe(false);
    expect(checkSetupCode("")).toBe(false);
    discardSetupCode();
    expect(checkSetupCode(code!)).toBe(false);
  });

  it("creates the first admin once, even when two setups race, and prints no code afterwards", async () => {
    expect(countAgents()).toBe(0);
    const passwordHash = await hashPassword("a long enough password");
    const results = await Promise.all([0, 1, 2].map(async (i) => createFirstAdmin({ email: `admin${i}@example.com`, passwordHash })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(results.find(Boolean)?.isAdmin).toBe(true);
    expect(createFirstAdmin({ email: "late@example.com", passwordHash })).toBeNull();
    createAgent({ email: "second@example.com", passwordHash, isAdmin: false });
    const lines: string[] = [];
    prepareSetupCode((line) => lines.push(line));
    expect(lines).toEqual([]);
  });
});
