import { readFilteredRequest } from "@/lib/http/filtered-request";
import { csvBom, csvContentType } from "@/lib/contacts/csv-cells";
import { csvFormatOf, csvWriters } from "@/lib/contacts/csv-format";
import { renderExport } from "@/lib/contacts/export";
import { contentDispositionFor } from "@/lib/contacts/vcard";
import { jsonError } from "@/lib/http/errors";
import { textStream } from "@/lib/http/text-stream";

export const dynamic = "force-dynamic";

/**
 * Every contact matching the filters as CSV (UTF-8 with a BOM), streamed from the database:
 * `?format=spreadsheet` (the default), `google` (Google Contacts' import columns) or `outlook`.
 */
export function GET(request: Request): Response {
  const read = readFilteredRequest(request);
  if (read instanceof Response) return read;
  const format = csvFormatOf(read.params);
  if (!format.ok) return jsonError(400, "Invalid query parameters", format.issues);
  const writer = csvWriters[format.format];
  const body = textStream(renderExport(read.filters, writer.row, csvBom + writer.header()));
  return new Response(body, {
    headers: {
      "content-type": csvContentType,
      "content-disposition": contentDispositionFor(`contacts-${new Date().toISOString().slice(0, 10)}${writer.fileSuffix}`, "csv"),
      "cache-control": "no-store",
    },
  });
}
