import "server-only";
import { contactIdSchema } from "@/lib/contacts/contact-id";
import { jsonError } from "@/lib/http/errors";
import { authenticateApiRequest, unauthenticatedResponse, type ApiPrincipal } from "./api-auth";

/**
 * The start the per-contact routes share: the caller must be signed in (or hold an API token),
 * and the id must be a contact id. Answers the id, or the 401/404 response to send.
 */
export async function readContactRequest(request: Request, params: Promise<{ id: string }>): Promise<{ id: number; principal: ApiPrincipal } | Response> {
  const principal = await authenticateApiRequest(request);
  if (!principal) return unauthenticatedResponse();
  const id = contactIdSchema.safeParse((await params).id);
  if (!id.success) return jsonError(404, "No contact with that id", [{ path: "id", message: "must be a positive whole number" }]);
  return { id: id.data, principal };
}

export function contactNotFound(id: number): Response {
  return jsonError(404, "No contact with that id", [{ path: "id", message: `no contact ${id}` }]);
}
