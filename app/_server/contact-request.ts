import "server-only";
import { contactIdSchema } from "@/lib/contacts/contact-id";
import { jsonError } from "@/lib/http/errors";
import { rejectUnauthenticated } from "./api-auth";

/**
 * The start the per-contact routes share: the caller must be signed in (or hold an API token),
 * and the id must be a contact id. Answers the id, or the 401/404 response to send.
 */
export async function readContactRequest(request: Request, params: Promise<{ id: string }>): Promise<{ id: number } | Response> {
  const unauthenticated = await rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  const id = contactIdSchema.safeParse((await params).id);
  if (!id.success) return jsonError(404, "No contact with that id", [{ path: "id", message: "must be a positive whole number" }]);
  return { id: id.data };
}

export function contactNotFound(id: number): Response {
  return jsonError(404, "No contact with that id", [{ path: "id", message: `no contact ${id}` }]);
}
