import { contactNotFound, readContactRequest } from "@/app/_server/contact-request";
import { actorOfPrincipal } from "@/app/_server/audit-actor";
import { getStore } from "@/app/_server/store";
import { recordAudit } from "@/lib/audit/record-audit";
import { clientAddressOf } from "@/lib/auth/client-address";
import { toContactItem } from "@/lib/contacts/contact-item";
import { contentDispositionFor, renderVcard, vcardContentType } from "@/lib/contacts/vcard";
import { vcardVersionOf } from "@/lib/contacts/vcard-version";
import { errorResponse, jsonError } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/** One contact as a vCard attachment named after the contact. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const read = await readContactRequest(request, context.params);
  if (read instanceof Response) return read;
  const version = vcardVersionOf(new URL(request.url).searchParams);
  if (!version.ok) return jsonError(400, "Invalid query parameters", version.issues);
  try {
    const store = await getStore();
    const row = await store.getContactById({ id: read.id });
    if (!row) return contactNotFound(read.id);
    const item = toContactItem(row);
    await recordAudit(store, { actor: actorOfPrincipal(read.principal), clientAddress: clientAddressOf(request.headers), action: "contact.vcard", details: { shareId: row.id, version: version.version } });
    return new Response(renderVcard(item, { version: version.version }), {
      headers: { "content-type": vcardContentType, "content-disposition": contentDispositionFor(item, "vcf"), "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
