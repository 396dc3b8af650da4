import { getDb } from "@/db/client";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/**
 * The benchmark's floor for ingest: the least a route handler in this build can do with a callback
 * (parse the JSON, insert one row with a prepared statement on the same connection, with the same
 * durability), to compare the real receiver against. Exists only when BENCH_FLOOR=1.
 */
export async function POST(request: Request): Promise<Response> {
  if (!env.BENCH_FLOOR) return Response.json({ error: "Not found", issues: [] }, { status: 404 });
  const body = (await request.json()) as { meta_object?: { value?: { messages?: { id?: string }[] } } };
  const sqlite = getDb().$client;
  sqlite.exec("create table if not exists bench_floor (message_id text primary key, body text not null)");
  sqlite.prepare("insert or ignore into bench_floor (message_id, body) values (?, ?)").run(body.meta_object?.value?.messages?.[0]?.id ?? String(Math.random()), JSON.stringify(body));
  return Response.json({ ok: true });
}
