import { readFilteredRequest } from "@/lib/http/filtered-request";
import { renderExport } from "@/lib/contacts/export";
import { contentDispositionFor, renderVcard, vcardContentType } from "@/lib/contacts/vcard";
import { jsonError } from "@/lib/http/errors";
import { textStream } from "@/lib/http/text-stream";
import { vcardVersionOf } from "@/lib/contacts/vcard-version";

export const dynamic = "force-dynamic";

/** Every contact matching the filters as one .vcf, streamed from the database. */
export function GET(request: Request): Response {
  const read = readFilteredRequest(request);
  if (read instanceof Response) return read;
  const version = vcardVersionOf(read.params);
  if (!version.ok) return jsonError(400, "Invalid query parameters", version.issues);
  const body = textStream(renderExport(read.filters, (item) => renderVcard(item, { version: version.version })));
  return new Response(body, {
    headers: { "content-type": vcardContentType, "content-disposition": contentDispositionFor(exportName(), "vcf"), "cache-control": "no-store" },
  });
}

function exportName(): string {
  return `contacts-${new Date().toISOString().slice(0, 10)}`;
}
