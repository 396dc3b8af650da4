/**
 * `npm run demo`: posts a realistic set of callbacks to a running instance through its real
 * callback endpoint. BASE_URL (default http://localhost:3000) and CALLBACK_TOKEN are honoured.
 */
import { buildDemoCallbacks } from "./demo-callbacks";

const baseUrl = process.env.BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
const endpoint = new URL("/api/callbacks/whatsapp", baseUrl);

async function main() {
  const counts = new Map<string, number>();
  for (const { label, body } of buildDemoCallbacks()) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (process.env.CALLBACK_TOKEN) headers["x-callback-token"] = process.env.CALLBACK_TOKEN;
    let response: Response;
    try {
      response = await fetch(endpoint, { method: "POST", headers, body: JSON.stringify(body) });
    } catch (error) {
      console.error(`Could not reach ${endpoint}: ${(error as Error).message}. Is the app running (npm start)?`);
      process.exit(1);
    }
    const result = (await response.json()) as { outcome?: string; error?: string };
    const outcome = response.ok ? (result.outcome ?? "ok") : `HTTP ${response.status} ${result.error ?? ""}`;
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    console.log(`${outcome.padEnd(10)} ${label}`);
  }
  console.log(`\nPosted to ${endpoint}: ${[...counts].map(([outcome, n]) => `${n} ${outcome}`).join(", ")}. Open ${baseUrl} to see them.`);
}

void main();
