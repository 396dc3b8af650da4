import { readFilteredRequest } from "@/app/_server/filtered-request";
import { clientAddressOf } from "@/lib/auth/client-address";
import { exportSlots, exportsBusy, renderExport } from "@/app/_server/render-export";
import { contentDispositionFor, renderVcard, vcardContentType } from "@/lib/contacts/vcard";
import { vcardVersionOf } from "@/lib/contacts/vcard-version";
import { errorResponse, jsonError } from "@/lib/http/errors";
import { primedTextStream } from "@/lib/http/text-stream";

export const dynamic = "force-dynamic";

/** Every contact matching the filters as one .vcf, streamed from the database. */
export async function GET(request: Request): Promise<Response> {
  const read = await readFilteredRequest(request);
  if (read instanceof Response) return read;
  const version = vcardVersionOf(read.params);
  if (!version.ok) return jsonError(400, "Invalid query parameters", version.issues);
  const slot = exportSlots.take();
  if (!slot) return exportsBusy();
  let body: ReadableStream<Uint8Array>;
  try {
    const audit = { principal: read.principal, clientAddress: clientAddressOf(request.headers), format: `vcard-${version.version}` };
    body = await primedTextStream(renderExport(read.filters, (item) => renderVcard(item, { version: version.version }), "", audit, slot));
  } catch (error) {
    slot.release();
    return errorResponse(error);
  }
  return new Response(body, {
    headers: { "content-type": vcardContentType, "content-disposition": contentDispositionFor(exportName(), "vcf"), "cache-control": "no-store" },
  });
}

function exportName(): string {
  return `contacts-${new Date().toISOString().slice(0, 10)}`;
}
