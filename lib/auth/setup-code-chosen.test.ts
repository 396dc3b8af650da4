import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.SETUP_CODE = "Chosen Code 42";
});

const { getStore } = await import("@/app/_server/store");
const { checkSetupCode, discardSetupCode, hasSetupCode, prepareSetupCode } = await import("./setup-code");

describe("first-run setup with SETUP_CODE", () => {
  it("stores the chosen code, never prints it, and accepts it exactly", async () => {
    const store = await getStore();
    // Before any code is stored, nothing passes.
    expect(await hasSetupCode(store)).toBe(false);
    expect(await checkSetupCode(store, "Chosen Code 42")).toBe(false);
    const lines: string[] = [];
    await prepareSetupCode(store, (line) => lines.push(line));
    expect(lines).toEqual(["[contact-inbox] No agent yet: open /setup and enter SETUP_CODE (from the environment) to create the first admin."]);
    expect(await hasSetupCode(store)).toBe(true);
    // Only a hash is stored.
    expect(await store.getSetting({ key: "setup_code_sha256" })).toMatch(/^[0-9a-f]{64}$/);
    expect(await checkSetupCode(store, "Chosen Code 42")).toBe(true);
    // A chosen code is exact: no case folding, no trimming (a generated one is typed by hand and gets both).
    for (const near of ["CHOSEN CODE 42", "chosen code 42", " Chosen Code 42", "Chosen Code 42 ", "Chosen Code 4", ""]) expect(await checkSetupCode(store, near)).toBe(false);
    await discardSetupCode(store);
    expect(await hasSetupCode(store)).toBe(false);
    expect(await checkSetupCode(store, "Chosen Code 42")).toBe(false);
  });
});
