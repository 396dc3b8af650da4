import "server-only";
import { findLiveApiToken } from "@/lib/auth/api-tokens";
import { cookieFromHeader, isSecureRequest, sessionTokenFrom } from "@/lib/auth/session-cookie";
import { agentOfSession } from "@/lib/auth/sessions";
import { errorResponse, jsonError } from "@/lib/http/errors";
import { rejectCrossSite } from "@/lib/http/same-origin";
import { getStore } from "./store";

/** An API token acts for whoever runs the integration; tokens are made by admins (or the CLI), so they may do what admins may. */
export type ApiPrincipal = { kind: "agent"; agentId: number; isAdmin: boolean; email: string } | { kind: "token"; tokenId: number; name: string };

/** Who is calling an API route: an API client with `Authorization: Bearer <token>`, or a signed-in agent's browser. */
export async function authenticateApiRequest(request: Request): Promise<ApiPrincipal | null> {
  const store = await getStore();
  const authorization = request.headers.get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) {
    const token = await findLiveApiToken(store, bearer);
    return token ? { kind: "token", tokenId: token.id, name: token.name } : null;
  }
  const secure = isSecureRequest(request.headers, request.url);
  const sessionToken = sessionTokenFrom((name) => cookieFromHeader(request.headers.get("cookie"), name), secure);
  const agent = sessionToken ? await agentOfSession(store, sessionToken) : null;
  return agent ? { kind: "agent", agentId: agent.id, isAdmin: agent.isAdmin, email: agent.email } : null;
}

/** Whether the caller may do what only admins may (delete, erase, read the audit trail): an admin agent, or an API token. */
export function actsAsAdmin(principal: ApiPrincipal): boolean {
  return principal.kind === "token" || principal.isAdmin;
}

/**
 * Route handlers call this first; a non-null answer is the response to send back: 401 for a caller
 * who is not authenticated, 503 when the database cannot say (it is unavailable).
 */
export async function rejectUnauthenticated(request: Request): Promise<Response | null> {
  try {
    if (await authenticateApiRequest(request)) return null;
  } catch (error) {
    return errorResponse(error);
  }
  return unauthenticatedResponse();
}

export function unauthenticatedResponse(): Response {
  return jsonError(401, "Authentication required: sign in, or send Authorization: Bearer <API token>", [], { "www-authenticate": 'Bearer realm="contact-inbox"' });
}

/**
 * Route handlers only admins may use start here: the caller must be an admin agent or hold an API
 * token (401 / 403 otherwise), and a browser's request that changes data must come from this site.
 * Answers the caller, or the response to send.
 */
export async function requireAdminPrincipal(request: Request, options: { refusal: string; changesData: boolean }): Promise<ApiPrincipal | Response> {
  if (options.changesData) {
    const crossSite = rejectCrossSite(request);
    if (crossSite) return crossSite;
  }
  let principal: ApiPrincipal | null;
  try {
    principal = await authenticateApiRequest(request);
  } catch (error) {
    return errorResponse(error);
  }
  if (!principal) return unauthenticatedResponse();
  if (!actsAsAdmin(principal)) return jsonError(403, options.refusal, [{ path: "(caller)", message: "must be an admin agent or an API token" }]);
  return principal;
}
