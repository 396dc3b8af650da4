import { listCampaigns } from "@/db/queries/contacts";
import { errorResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export function GET(): Response {
  try {
    return Response.json(listCampaigns());
  } catch (error) {
    return errorResponse(error);
  }
}
