import { readFilteredRequest } from "@/lib/http/filtered-request";
import { csvBom, csvContentType, csvHeader, csvRow } from "@/lib/contacts/csv";
import { renderExport } from "@/lib/contacts/export";
import { contentDispositionFor } from "@/lib/contacts/vcard";
import { textStream } from "@/lib/http/text-stream";

export const dynamic = "force-dynamic";

/** Every contact matching the filters as CSV (UTF-8 with a BOM, for Excel), streamed from the database. */
export function GET(request: Request): Response {
  const read = readFilteredRequest(request);
  if (read instanceof Response) return read;
  const body = textStream(renderExport(read.filters, csvRow, csvBom + csvHeader()));
  return new Response(body, {
    headers: {
      "content-type": csvContentType,
      "content-disposition": contentDispositionFor(`contacts-${new Date().toISOString().slice(0, 10)}`, "csv"),
      "cache-control": "no-store",
    },
  });
}
