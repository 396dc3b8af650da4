import "server-only";
import { findLiveApiToken } from "@/lib/auth/api-tokens";
import { cookieFromHeader, isSecureRequest, sessionTokenFrom } from "@/lib/auth/session-cookie";
import { agentOfSession } from "@/lib/auth/sessions";
import { errorResponse, jsonError } from "@/lib/http/errors";
import { getStore } from "./store";

export type ApiPrincipal = { kind: "agent"; agentId: number; isAdmin: boolean } | { kind: "token"; tokenId: number };

/** Who is calling an API route: an API client with `Authorization: Bearer <token>`, or a signed-in agent's browser. */
export async function authenticateApiRequest(request: Request): Promise<ApiPrincipal | null> {
  const store = await getStore();
  const authorization = request.headers.get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) {
    const token = await findLiveApiToken(store, bearer);
    return token ? { kind: "token", tokenId: token.id } : null;
  }
  const secure = isSecureRequest(request.headers, request.url);
  const sessionToken = sessionTokenFrom((name) => cookieFromHeader(request.headers.get("cookie"), name), secure);
  const agent = sessionToken ? await agentOfSession(store, sessionToken) : null;
  return agent ? { kind: "agent", agentId: agent.id, isAdmin: agent.isAdmin } : null;
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
  return jsonError(401, "Authentication required: sign in, or send Authorization: Bearer <API token>", [], { "www-authenticate": 'Bearer realm="contact-inbox"' });
}
