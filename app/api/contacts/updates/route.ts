import { rejectUnauthenticated } from "@/lib/auth/api-auth";
import { z } from "zod";
import { countContactsAfter } from "@/db/queries/contacts";
import { parseContactFilters } from "@/lib/contacts/filters";
import { errorResponse, jsonError } from "@/lib/http/errors";
import { toInputIssues } from "@/lib/callbacks/issues";

export const dynamic = "force-dynamic";

const afterSchema = z.coerce.number({ error: "must be a contact id" }).int("must be a contact id").min(0, "must be 0 or more");

/** How many contacts matching the filters arrived after contact `after`: the inbox's "N new" notice. */
export function GET(request: Request): Response {
  const unauthenticated = rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  const params = new URL(request.url).searchParams;
  const after = afterSchema.safeParse(params.get("after") ?? "");
  if (!after.success) return jsonError(400, "Invalid query parameters", toInputIssues(after.error, ["after"]));
  const parsed = parseContactFilters(params);
  if (!parsed.ok) return jsonError(400, "Invalid query parameters", parsed.issues);
  try {
    return Response.json({ count: countContactsAfter({ ...parsed.filters, afterId: after.data }) }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
