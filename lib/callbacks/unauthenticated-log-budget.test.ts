import { describe, expect, it } from "vitest";
import { createLogBudget } from "./unauthenticated-log-budget";

describe("the unauthenticated callback log budget", () => {
  const limits = { perAddress: 3, total: 5, windowMs: 60_000, maxAddresses: 4 };

  it("logs up to perAddress per client and total in all per window, then leaves the rest out and counts them", () => {
    let clock = 0;
    const budget = createLogBudget(limits, () => clock);
    expect([1, 2, 3, 4].map(() => budget.admit("192.0.2.1"))).toEqual([true, true, true, false]);
    expect([1, 2, 3].map(() => budget.admit("192.0.2.2"))).toEqual([true, true, false]);
    expect(budget.takeLeftOut()).toBe(2);
    expect(budget.takeLeftOut()).toBe(0);
    clock += 60_000;
    expect(budget.admit("192.0.2.1")).toBe(true);
  });

  it("keeps at most maxAddresses clients per window: the next new ones are not logged", () => {
    const budget = createLogBudget({ ...limits, total: 100 }, () => 0);
    for (let i = 0; i < 4; i++) expect(budget.admit(`198.51.100.${i}`)).toBe(true);
    expect(budget.admit("198.51.100.200")).toBe(false);
    expect(budget.admit("198.51.100.0")).toBe(true);
  });
});
