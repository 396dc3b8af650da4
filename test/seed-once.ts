import { beforeEach } from "vitest";

/**
 * Runs `seed` once, before the first test of the file (or of the describe block it is called in),
 * and makes every test wait for it. A seed that fails then fails each test: a failing `beforeAll`
 * only marks its tests skipped, which mutation testing reads as "survived" when the mutant broke the
 * seed itself (storing or listing the data the tests read).
 */
export function seedOnce(seed: () => Promise<void>): void {
  let seeded: Promise<void> | undefined;
  beforeEach(() => (seeded ??= seed()), 120_000);
}
