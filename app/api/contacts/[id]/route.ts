import { rejectUnauthenticated } from "@/lib/auth/api-auth";
import { getContactWithRawById } from "@/db/queries/contacts";
import { toContactItem } from "@/lib/contacts/contact-item";
import { contactIdSchema } from "@/lib/contacts/contact-id";
import { errorResponse, jsonError } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const unauthenticated = rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  const id = contactIdSchema.safeParse((await context.params).id);
  if (!id.success) return jsonError(404, "No contact with that id", [{ path: "id", message: "must be a positive whole number" }]);
  try {
    const found = getContactWithRawById({ id: id.data });
    if (!found) return jsonError(404, "No contact with that id", [{ path: "id", message: `no contact ${id.data}` }]);
    // The raw callback is spliced in as the text we received, never re-serialized: it may be deeply nested.
    const item = JSON.stringify(toContactItem(found.contact));
    const body = `${item.slice(0, -1)},"raw":${found.rawBody ?? "null"}}`;
    return new Response(body, { headers: { "content-type": "application/json" } });
  } catch (error) {
    return errorResponse(error);
  }
}
