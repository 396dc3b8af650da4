import { describe, expect, it } from "vitest";
import type { IngestCallbackParams } from "@/lib/model/callback-log";
import { groupSizeFrom } from "./callbacks";

/**
 * How many waiting callbacks one SQLite transaction takes: the group holds the write lock, so it is
 * bounded by callbacks, cards and body bytes, and always takes at least one (a callback at the
 * limits on its own must still be stored). That the group is stored together, and that one bad
 * callback does not fail the rest, is driven through the route in group-commit.test.ts.
 */

function waiting(cardsPerMessage: number[], bodyBytes = 1000): { params: IngestCallbackParams } {
  const messages = cardsPerMessage.map((cards) => ({ cards: Array(cards).fill({}) }));
  return { params: { bodyBytes, parsed: { messages } } as unknown as IngestCallbackParams };
}

const many = (count: number, cards = [1], bytes = 1000) => Array.from({ length: count }, () => waiting(cards, bytes));

describe("a commit group", () => {
  it("takes every waiting callback up to 64", () => {
    expect(groupSizeFrom([])).toBe(0);
    expect(groupSizeFrom(many(1))).toBe(1);
    expect(groupSizeFrom(many(63))).toBe(63);
    expect(groupSizeFrom(many(64))).toBe(64);
    expect(groupSizeFrom(many(65))).toBe(64);
    expect(groupSizeFrom(many(200))).toBe(64);
  });

  it("stops before the callback whose cards would pass 500, counting every message's cards", () => {
    expect(groupSizeFrom(many(10, [50]))).toBe(10); // exactly 500
    expect(groupSizeFrom(many(11, [50]))).toBe(10);
    expect(groupSizeFrom(many(10, [20, 30]))).toBe(10);
    expect(groupSizeFrom(many(11, [20, 30]))).toBe(10);
    expect(groupSizeFrom([waiting([499]), waiting([1]), waiting([1])])).toBe(2);
    expect(groupSizeFrom([waiting([499]), waiting([2]), waiting([1])])).toBe(1);
  });

  it("stops before the callback whose body would pass 1 MiB", () => {
    expect(groupSizeFrom(many(4, [1], 262_144))).toBe(4); // exactly 1 MiB
    expect(groupSizeFrom(many(5, [1], 262_144))).toBe(4);
    expect(groupSizeFrom([waiting([1], 1_048_575), waiting([1], 1), waiting([1], 1)])).toBe(2);
    expect(groupSizeFrom([waiting([1], 1_048_575), waiting([1], 2)])).toBe(1);
  });

  it("always takes the first callback, however large, and nothing after one past a limit", () => {
    expect(groupSizeFrom([waiting([1000]), waiting([1])])).toBe(1);
    expect(groupSizeFrom([waiting([1], 5_000_000), waiting([1], 1)])).toBe(1);
    expect(groupSizeFrom([waiting([0]), waiting([0], 0)])).toBe(2);
  });
});
