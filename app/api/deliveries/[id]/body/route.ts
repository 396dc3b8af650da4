import { rejectUnauthenticated } from "@/app/_server/api-auth";
import { getStore } from "@/app/_server/store";
import { bodyView } from "@/lib/callbacks/raw-body-view";
import { contactIdSchema } from "@/lib/contacts/contact-id";
import { errorResponse, jsonError } from "@/lib/http/errors";
import type { CallbackRedaction } from "@/lib/model/lifecycle";

export const dynamic = "force-dynamic";

/**
 * One logged callback's body, loaded when an agent opens it (pages embed only a short preview).
 * `?download=1`: exactly as received. Otherwise a view for reading: indented when that does not
 * grow it much, cut at a fixed size; the headers say which (X-Body-Format, X-Body-Truncated).
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const unauthenticated = await rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  const id = contactIdSchema.safeParse((await context.params).id);
  if (!id.success) return jsonError(404, "No callback with that id", [{ path: "id", message: "must be a positive whole number" }]);
  try {
    const callback = await (await getStore()).getCallbackById({ id: id.data });
    if (!callback) return jsonError(404, "No callback with that id", [{ path: "id", message: `no callback ${id.data}` }]);
    if (callback.rawBody === null) return jsonError(404, "This callback's body was not kept", [{ path: "id", message: notKeptReason(callback.httpStatus, callback.redaction) }]);
    const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
    if (new URL(request.url).searchParams.get("download") === "1") {
      return new Response(callback.rawBody, {
        headers: { ...headers, "content-type": "application/octet-stream", "content-disposition": `attachment; filename="callback-${callback.id}.json"` },
      });
    }
    const view = bodyView(callback.rawBody);
    return new Response(view.text, {
      headers: {
        ...headers,
        "content-type": "text/plain; charset=utf-8",
        "x-body-format": view.format,
        "x-body-truncated": String(view.truncated),
        "x-body-total-chars": String(view.totalChars),
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

function notKeptReason(httpStatus: number, redaction: CallbackRedaction | null): string {
  if (redaction === "body-dropped") return "it was dropped after a deletion";
  if (redaction === "body-expired") return "it was cleared by retention (RAW_BODY_RETENTION_DAYS)";
  return httpStatus === 401 ? "it failed authentication, so it was not kept" : "it was too large to keep";
}
