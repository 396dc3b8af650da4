import "server-only";
import { parseContactFilters, type ContactFilters } from "@/lib/contacts/filters";
import { errorResponse, jsonError } from "@/lib/http/errors";
import { authenticateApiRequest, unauthenticatedResponse, type ApiPrincipal } from "./api-auth";

/**
 * The start every filtered data route shares: the caller must be signed in (or hold an API token),
 * and the query string must be valid filters. Answers the filters, or the 401/400 response to send.
 */
export async function readFilteredRequest(request: Request): Promise<{ filters: ContactFilters; params: URLSearchParams; principal: ApiPrincipal } | Response> {
  let principal: ApiPrincipal | null;
  try {
    principal = await authenticateApiRequest(request);
  } catch (error) {
    // The database cannot say who is calling: 503 with Retry-After, as rejectUnauthenticated answers.
    return errorResponse(error);
  }
  if (!principal) return unauthenticatedResponse();
  const params = new URL(request.url).searchParams;
  const parsed = parseContactFilters(params);
  if (!parsed.ok) return jsonError(400, "Invalid query parameters", parsed.issues);
  return { filters: parsed.filters, params, principal };
}
