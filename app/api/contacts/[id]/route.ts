import { contactNotFound, readContactRequest } from "@/app/_server/contact-request";
import { getStore } from "@/app/_server/store";
import { toContactItem } from "@/lib/contacts/contact-item";
import { errorResponse } from "@/lib/http/errors";

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
