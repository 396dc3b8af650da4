/**
 * Builds a benchmark database of N shares through the app's own parse and store functions, one
 * callback per message as Kaleyra sends them, with progress. Run by bench/run.ts as
 *   DATABASE_PATH=… tsx --conditions react-server bench/generate-db.ts N
 */
import { getDb } from "../db/client";
import { ingestCallbackBatch } from "../db/queries/callbacks";
import { decodeJsonBody } from "../lib/callbacks/decode";
import { parseCallback } from "../lib/callbacks/parse";
import { benchCallback } from "./dataset";

const target = Number(process.argv[2]);
const batchSize = 5000;
const encoder = new TextEncoder();
const sqlite = getDb().$client;
// Generation is a bulk import: durability per batch is not needed here (the file is rebuilt if interrupted).
sqlite.pragma("synchronous = OFF");

const existing = (sqlite.prepare("select count(*) as n from contact_shares").get() as { n: number }).n;
const started = performance.now();
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
  ingestCallbackBatch(batch);
  const done = Math.min(target, index + batchSize);
  const rate = (done - existing) / ((performance.now() - started) / 1000);
  const eta = (target - done) / rate;
  process.stdout.write(`\r  generating ${done.toLocaleString()} / ${target.toLocaleString()} shares (${Math.round(rate).toLocaleString()}/s, ${Math.round(eta)} s left)   `);
}
sqlite.pragma("wal_checkpoint(TRUNCATE)");
sqlite.exec("ANALYZE");
sqlite.close();
process.stdout.write("\n");
