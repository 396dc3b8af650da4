import "server-only";
import { catchUpSearchFragments } from "@/lib/contacts/search-fragments";
import { env } from "@/lib/env";
import { getStore } from "./store";

const everyMs = 15_000;
/** How long one round may work (a first catch-up over a large inbox takes several rounds). */
const budgetMs = 5_000;
/** A pause after each batch, so requests are answered between them. */
const pauseMs = 10;
/** Longer than any write can take: twice the statement timeout, and at least 30 s. */
const settleMs = Math.max(30_000, 2 * env.DATABASE_STATEMENT_TIMEOUT_MS);

/**
 * Keeps the 1–2 character search's fragment vocabulary caught up, every 15 s in the server process.
 * Several instances may run it at once: recording is idempotent and the cursor only moves forward.
 */
export function startSearchFragmentSchedule(): void {
  const flag = globalThis as typeof globalThis & { __contactInboxSearchFragments?: boolean };
  if (flag.__contactInboxSearchFragments) return;
  flag.__contactInboxSearchFragments = true;
  let running = false;
  let failing = false;
  const runOnce = async () => {
    if (running) return;
    running = true;
    try {
      const report = await catchUpSearchFragments(await getStore(), { settleMs, budgetMs, pauseMs });
      if (report.texts >= 10_000) {
        console.log(`[contact-inbox] short-search fragments: ${report.texts} card text(s) read, through card ${report.throughId}${report.caughtUp ? "" : " (going on)"}`);
      }
      failing = false;
    } catch (error) {
      // The database being down is reported by every request and /api/health; say it here once.
      if (!failing) console.error("[contact-inbox] catching up short-search fragments failed (it tries again every 15 s):", error instanceof Error ? error.message : error);
      failing = true;
    } finally {
      running = false;
    }
  };
  setInterval(() => void runOnce(), everyMs).unref();
}
