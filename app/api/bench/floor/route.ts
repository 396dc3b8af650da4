import { getStore } from "@/app/_server/store";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/**
 * The benchmark's floor for ingest: the least a route handler in this build can do with a callback
 * (parse the JSON, insert one row on the same connection or pool, with the same durability, committed
 * per request), to compare the real receiver against. Exists only when BENCH_FLOOR=1.
 */
export async function POST(request: Request): Promise<Response> {
  if (!env.BENCH_FLOOR) return Response.json({ error: "Not found", issues: [] }, { status: 404 });
  const body = (await request.json()) as { meta_object?: { value?: { messages?: { id?: string }[] } } };
  try {
    await (await getStore()).insertBenchFloorRow({ messageId: body.meta_object?.value?.messages?.[0]?.id ?? String(Math.random()), body: JSON.stringify(body) });
    return Response.json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}
