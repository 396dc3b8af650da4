import { requireAdminPrincipal } from "@/app/_server/api-auth";
import { actorOfPrincipal } from "@/app/_server/audit-actor";
import { getStore } from "@/app/_server/store";
import { auditCsvHeader, auditCsvRow } from "@/lib/audit/audit-csv";
import { auditFilterSetOf, parseAuditFilters } from "@/lib/audit/audit-filters";
import { recordAudit } from "@/lib/audit/record-audit";
import { clientAddressOf } from "@/lib/auth/client-address";
import { csvBom, csvContentType } from "@/lib/contacts/csv-cells";
import { contentDispositionFor } from "@/lib/contacts/vcard";
import { errorResponse, jsonError } from "@/lib/http/errors";
import { primedTextStream } from "@/lib/http/text-stream";
import type { AuditFilterSet } from "@/lib/model/audit";
import type { Store } from "@/lib/model/store";

export const dynamic = "force-dynamic";

const pageSize = 1000;

/** The audit trail (admins and API tokens), filtered as on /admin/audit, newest first, as CSV. Exporting it is itself recorded. */
export async function GET(request: Request): Promise<Response> {
  const principal = await requireAdminPrincipal(request, { refusal: "Only admins (or API tokens) may read the audit trail", changesData: false });
  if (principal instanceof Response) return principal;
  const parsed = parseAuditFilters(new URL(request.url).searchParams);
  if (!parsed.ok) return jsonError(400, "Invalid query parameters", parsed.issues);
  const filters = auditFilterSetOf(parsed.filters);
  let body: ReadableStream<Uint8Array>;
  try {
    const store = await getStore();
    await recordAudit(store, { actor: actorOfPrincipal(principal), clientAddress: clientAddressOf(request.headers), action: "audit.export", details: { filters: { ...filters } } });
    body = await primedTextStream(auditCsv(store, filters));
  } catch (error) {
    return errorResponse(error);
  }
  return new Response(body, {
    headers: { "content-type": csvContentType, "content-disposition": contentDispositionFor(`audit-${new Date().toISOString().slice(0, 10)}`, "csv"), "cache-control": "no-store" },
  });
}

/** Page by page (by id), so a long trail is never in memory at once. */
async function* auditCsv(store: Store, filters: AuditFilterSet): AsyncGenerator<string> {
  yield csvBom + auditCsvHeader();
  let before: number | undefined;
  for (;;) {
    const page = await store.listAuditEvents({ ...filters, before, limit: pageSize });
    if (page.length) yield page.map(auditCsvRow).join("");
    if (page.length < pageSize) return;
    before = page[page.length - 1]!.id;
  }
}
