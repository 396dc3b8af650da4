import { rejectUnauthenticated } from "@/app/_server/api-auth";
import { getStore } from "@/app/_server/store";
import { errorResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const unauthenticated = await rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  try {
    return Response.json(await (await getStore()).listCampaigns());
  } catch (error) {
    return errorResponse(error);
  }
}
