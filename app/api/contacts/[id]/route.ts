import { getContactWithRawById } from "@/db/queries/contacts";
import { toContactItem } from "@/lib/contacts/contact-item";
import { contactNotFound, readContactRequest } from "@/lib/http/contact-request";
import { errorResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const read = await readContactRequest(request, context.params);
  if (read instanceof Response) return read;
  try {
    const found = getContactWithRawById({ id: read.id });
    if (!found) return contactNotFound(read.id);
    // The raw callback is spliced in as the text we received, never re-serialized: it may be deeply nested.
    const item = JSON.stringify(toContactItem(found.contact));
    const body = `${item.slice(0, -1)},"raw":${found.rawBody ?? "null"}}`;
    return new Response(body, { headers: { "content-type": "application/json" } });
  } catch (error) {
    return errorResponse(error);
  }
}
