import { rejectUnauthenticated } from "@/lib/auth/api-auth";
import { csvBom, csvContentType, csvHeader, csvRow } from "@/lib/contacts/csv";
import { renderExport } from "@/lib/contacts/export";
import { parseContactFilters } from "@/lib/contacts/filters";
import { contentDispositionFor } from "@/lib/contacts/vcard";
import { jsonError } from "@/lib/http/errors";
import { textStream } from "@/lib/http/text-stream";

export const dynamic = "force-dynamic";

/** Every contact matching the filters as CSV (UTF-8 with a BOM, for Excel), streamed from the database. */
export function GET(request: Request): Response {
  const unauthenticated = rejectUnauthenticated(request);
  if (unauthenticated) return unauthenticated;
  const parsed = parseContactFilters(new URL(request.url).searchParams);
  if (!parsed.ok) return jsonError(400, "Invalid query parameters", parsed.issues);
  const body = textStream(renderExport(parsed.filters, csvRow, csvBom + csvHeader()));
  return new Response(body, {
    headers: {
      "content-type": csvContentType,
      "content-disposition": contentDispositionFor(`contacts-${new Date().toISOString().slice(0, 10)}`, "csv"),
      "cache-control": "no-store",
    },
  });
}
