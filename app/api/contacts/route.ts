import { rejectUnauthenticated } from "@/lib/auth/api-auth";
import { countContacts, listContacts, searchCountCap } from "@/db/queries/contacts";
import { toContactItem } from "@/lib/contacts/contact-item";
import { parseContactFilters } from "@/lib/contacts/filters";
import { errorResponse, jsonError } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const unauthenticated = rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  const parsed = parseContactFilters(new URL(request.url).searchParams);
  if (!parsed.ok) return jsonError(400, "Invalid query parameters", parsed.issues);
  try {
    const { filters } = parsed;
    const items = listContacts(filters).map(toContactItem);
    const total = countContacts(filters);
    // A search counts up to searchCountCap matches; beyond that `total` is a lower bound.
    return Response.json({ items, total, totalIsExact: total <= searchCountCap, page: filters.page, pageSize: filters.pageSize });
  } catch (error) {
    return errorResponse(error);
  }
}
