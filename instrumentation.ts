/** Runs once when the server starts: opens and migrates the database so a bad path or config fails at start, not on the first callback. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installRequestGate } = await import("./lib/http/request-gate");
  installRequestGate();
  const { announceStart } = await import("./lib/startup");
  announceStart();
}
