import { rejectUnauthenticated } from "@/lib/auth/api-auth";
import { listCampaigns } from "@/db/queries/contacts";
import { errorResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const unauthenticated = rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  try {
    return Response.json(listCampaigns());
  } catch (error) {
    return errorResponse(error);
  }
}
