import { getStore } from "@/app/_server/store";
import { isStorageUnavailable } from "@/lib/model/storage-errors";

export const dynamic = "force-dynamic";

/** For load balancers: 200 when the database answers, 503 with the reason when it does not. */
export async function GET(): Promise<Response> {
  try {
    await (await getStore()).checkHealth();
    return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    const reason = isStorageUnavailable(error) ? error.reason : "error";
    console.error(`[contact-inbox] health check failed (${reason})`, error instanceof Error ? error.message : error);
    return Response.json({ ok: false, error: `The database does not answer (${reason})` }, { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } });
  }
}
