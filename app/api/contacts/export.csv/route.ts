import { readFilteredRequest } from "@/app/_server/filtered-request";
import { clientAddressOf } from "@/lib/auth/client-address";
import { exportSlots, exportsBusy, renderExport } from "@/app/_server/render-export";
import { csvBom, csvContentType } from "@/lib/contacts/csv-cells";
import { csvFormatOf, csvWriters } from "@/lib/contacts/csv-format";
import { contentDispositionFor } from "@/lib/contacts/vcard";
import { errorResponse, jsonError } from "@/lib/http/errors";
import { primedTextStream } from "@/lib/http/text-stream";

export const dynamic = "force-dynamic";

/**
 * Every contact matching the filters as CSV (UTF-8 with a BOM), streamed from the database:
 * `?format=spreadsheet` (the default), `google` (Google Contacts' import columns) or `outlook`.
 */
export async function GET(request: Request): Promise<Response> {
  const read = await readFilteredRequest(request);
  if (read instanceof Response) return read;
  const format = csvFormatOf(read.params);
  if (!format.ok) return jsonError(400, "Invalid query parameters", format.issues);
  const writer = csvWriters[format.format];
  const slot = exportSlots.take();
  if (!slot) return exportsBusy();
  let body: ReadableStream<Uint8Array>;
  try {
    const audit = { principal: read.principal, clientAddress: clientAddressOf(request.headers), format: `csv-${format.format}` };
    body = await primedTextStream(renderExport(read.filters, writer.row, csvBom + writer.header(), audit, slot));
  } catch (error) {
    slot.release();
    return errorResponse(error);
  }
  return new Response(body, {
    headers: {
      "content-type": csvContentType,
      "content-disposition": contentDispositionFor(`contacts-${new Date().toISOString().slice(0, 10)}${writer.fileSuffix}`, "csv"),
      "cache-control": "no-store",
    },
  });
}
