/**
 * Builds a benchmark database of N shares through the app's own parse and store functions, one
 * callback per message as Kaleyra sends them, with progress. Run by bench/run.ts as
 *   DATABASE_PATH=… (or DATABASE_URL=…) tsx --conditions react-server bench/generate-db.ts N
 * On SQLite, generation is a bulk import: it runs with synchronous=OFF (the file is rebuilt if interrupted).
 */
import { closeStore, getStore } from "../app/_server/store";
import { decodeJsonBody } from "../lib/callbacks/decode";
import { parseCallback } from "../lib/callbacks/parse";
import { benchCallback } from "./dataset";

const target = Number(process.argv[2]);
const batchSize = 5000;
const encoder = new TextEncoder();

async function main() {
  const store = await getStore();
  const existing = await store.countContacts({});
  const started = performance.now();
  await store.bulkLoad(async (ingest) => {
    for (let index = existing; index < target; index += batchSize) {
      const batch = [];
      for (let i = index; i < Math.min(target, index + batchSize); i++) {
        const bytes = encoder.encode(benchCallback(i));
        const decoded = decodeJsonBody(bytes);
        if (!decoded.ok) throw new Error(decoded.error);
        const parsed = parseCallback(decoded.value);
        if (!parsed.ok) throw new Error(parsed.error);
        batch.push({ receivedAt: new Date(), startedAt: performance.now(), rawBody: decoded.text, bodyBytes: bytes.byteLength, contentType: "application/json", parsed: parsed.callback });
      }
      await ingest(batch);
      const done = Math.min(target, index + batchSize);
      const rate = (done - existing) / ((performance.now() - started) / 1000);
      const eta = (target - done) / rate;
      process.stdout.write(`\r  generating ${done.toLocaleString()} / ${target.toLocaleString()} shares (${Math.round(rate).toLocaleString()}/s, ${Math.round(eta)} s left)   `);
    }
  });
  process.stdout.write("\n");
}

main().finally(closeStore);
