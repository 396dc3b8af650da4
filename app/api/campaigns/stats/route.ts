import { rejectUnauthenticated } from "@/app/_server/api-auth";
import { getStore } from "@/app/_server/store";
import { loadCampaignStats } from "@/lib/campaigns/campaign-stats";
import { parseCampaignStatsQuery } from "@/lib/campaigns/stats-query";
import { errorResponse, jsonError } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/** Shares per day or week and per campaign value, with distinct senders and contacts: see lib/campaigns/campaign-stats.ts. */
export async function GET(request: Request): Promise<Response> {
  const unauthenticated = await rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  const parsed = parseCampaignStatsQuery(new URL(request.url).searchParams, new Date());
  if (!parsed.ok) return jsonError(400, "Invalid query parameters", parsed.issues);
  try {
    return Response.json(await loadCampaignStats(await getStore(), parsed.query), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
