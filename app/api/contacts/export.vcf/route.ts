import { rejectUnauthenticated } from "@/lib/auth/api-auth";
import { parseContactFilters } from "@/lib/contacts/filters";
import { renderExport } from "@/lib/contacts/export";
import { contentDispositionFor, renderVcard, vcardContentType } from "@/lib/contacts/vcard";
import { jsonError } from "@/lib/http/errors";
import { textStream } from "@/lib/http/text-stream";
import { vcardVersionOf } from "@/lib/contacts/vcard-version";

export const dynamic = "force-dynamic";

/** Every contact matching the filters as one .vcf, streamed from the database. */
export function GET(request: Request): Response {
  const unauthenticated = rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  const params = new URL(request.url).searchParams;
  const parsed = parseContactFilters(params);
  if (!parsed.ok) return jsonError(400, "Invalid query parameters", parsed.issues);
  const version = vcardVersionOf(params);
  if (!version.ok) return jsonError(400, "Invalid query parameters", version.issues);
  const body = textStream(renderExport(parsed.filters, (item) => renderVcard(item, { version: version.version })));
  return new Response(body, {
    headers: { "content-type": vcardContentType, "content-disposition": contentDispositionFor(exportName(), "vcf"), "cache-control": "no-store" },
  });
}

function exportName(): string {
  return `contacts-${new Date().toISOString().slice(0, 10)}`;
}
