import { rejectUnauthenticated } from "@/lib/auth/api-auth";
import { getContactById } from "@/db/queries/contacts";
import { contactIdSchema } from "@/lib/contacts/contact-id";
import { toContactItem } from "@/lib/contacts/contact-item";
import { contentDispositionFor, renderVcard, vcardContentType } from "@/lib/contacts/vcard";
import { vcardVersionOf } from "@/lib/contacts/vcard-version";
import { errorResponse, jsonError } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/** One contact as a vCard attachment named after the contact. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const unauthenticated = rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  const id = contactIdSchema.safeParse((await context.params).id);
  if (!id.success) return jsonError(404, "No contact with that id", [{ path: "id", message: "must be a positive whole number" }]);
  const version = vcardVersionOf(new URL(request.url).searchParams);
  if (!version.ok) return jsonError(400, "Invalid query parameters", version.issues);
  try {
    const row = getContactById({ id: id.data });
    if (!row) return jsonError(404, "No contact with that id", [{ path: "id", message: `no contact ${id.data}` }]);
    const item = toContactItem(row);
    return new Response(renderVcard(item, { version: version.version }), {
      headers: { "content-type": vcardContentType, "content-disposition": contentDispositionFor(item, "vcf"), "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
