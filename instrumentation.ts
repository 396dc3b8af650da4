/** Runs once when the server starts: opens and migrates the database so a bad path or config fails at start, not on the first callback. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installRequestGate } = await import("./lib/http/request-gate");
  const { davRoutes } = await import("./app/_server/dav");
  installRequestGate({ dav: davRoutes });
  const { announceStart } = await import("./app/_server/startup");
  const { isStorageUnavailable } = await import("./lib/model/storage-errors");
  try {
    await announceStart();
  } catch (error) {
    // A database that is down (PostgreSQL restarting, unreachable) must not keep the app from starting:
    // requests answer 503 until it is back. Anything else (a bad path, a bad migration) stops the start.
    if (!isStorageUnavailable(error)) throw error;
    console.error(`[contact-inbox] the database is unavailable at start (${error.reason}); requests answer 503 until it is back`);
  }
  const { startPurgeSchedule } = await import("./app/_server/purge-schedule");
  startPurgeSchedule();
  const { startSearchFragmentSchedule } = await import("./app/_server/search-fragment-schedule");
  startSearchFragmentSchedule();
}
