import { requireAdminPrincipal } from "@/app/_server/api-auth";
import { actorOfPrincipal } from "@/app/_server/audit-actor";
import { contactNotFound, readContactRequest } from "@/app/_server/contact-request";
import { getStore } from "@/app/_server/store";
import { clientAddressOf } from "@/lib/auth/client-address";
import { contactIdSchema } from "@/lib/contacts/contact-id";
import { toContactItem } from "@/lib/contacts/contact-item";
import { deleteContact } from "@/lib/lifecycle/delete-contact";
import { errorResponse, jsonError } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const read = await readContactRequest(request, context.params);
  if (read instanceof Response) return read;
  try {
    const found = await (await getStore()).getContactWithRawById({ id: read.id });
    if (!found) return contactNotFound(read.id);
    // The raw callback is spliced in as the text we received, never re-serialized: it may be deeply nested.
    const item = JSON.stringify(toContactItem(found.contact));
    const body = `${item.slice(0, -1)},"raw":${found.rawBody ?? "null"}}`;
    return new Response(body, { headers: { "content-type": "application/json" } });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Deletes one contact share and every copy kept of it (admins and API tokens only): 204, or 404
 * when there is no such contact (any more). See lib/lifecycle/delete-contact.ts.
 */
export async function DELETE(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const principal = await requireAdminPrincipal(request, { refusal: "Only admins (or API tokens) may delete contacts", changesData: true });
  if (principal instanceof Response) return principal;
  const id = contactIdSchema.safeParse((await context.params).id);
  if (!id.success) return jsonError(404, "No contact with that id", [{ path: "id", message: "must be a positive whole number" }]);
  try {
    const result = await deleteContact(await getStore(), { id: id.data, actor: actorOfPrincipal(principal), clientAddress: clientAddressOf(request.headers) });
    if (!result.deleted) return contactNotFound(id.data);
    return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
