import { rejectUnauthenticated } from "@/app/_server/api-auth";
import { getStore } from "@/app/_server/store";
import { loadFilterOptions } from "@/lib/contacts/filter-options";
import { errorResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/**
 * The inbox filter bar's lists (campaigns, senders, business numbers, with counts). The bar loads
 * them once it is on screen, so the inbox page itself does not read and render ~80 options on
 * every view, page turn and filter change.
 */
export async function GET(request: Request): Promise<Response> {
  const unauthenticated = await rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  try {
    return Response.json(await loadFilterOptions(await getStore()), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
