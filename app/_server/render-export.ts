import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { toContactItem, type ContactItem } from "@/lib/contacts/contact-item";
import { jsonError } from "@/lib/http/errors";
import { streamSlots, type StreamSlot } from "@/lib/http/stream-slots";
import { filterSetOf, type ContactFilterSet } from "@/lib/model/contact-query";
import type { ApiPrincipal } from "./api-auth";
import { actorOfPrincipal } from "./audit-actor";
import { getStore } from "./store";

const exportBatchSize = 500;

/**
 * At most this many exports stream at once in one server process: each reads and renders a whole
 * inbox on the thread every request shares (an attack review ran ten of 21,000 cards at once and
 * /api/health took 7.7 s to answer). Past it, an export is answered 429 with Retry-After.
 */
export const maxConcurrentExports = 3;

/** The process's export slots (see lib/http/stream-slots.ts); a slot is released when its export ends, however it ends. */
export const exportSlots = streamSlots("exports", maxConcurrentExports);

/** The answer when every export slot is taken. */
export function exportsBusy(): Response {
  return jsonError(429, `${maxConcurrentExports} exports are already running on this server`, [{ path: "(request)", message: "try again in a few seconds" }], { "retry-after": "5" });
}

/** Who asked for an export and in which format: the audit trail records it with the filter and the number of cards. */
export type ExportAudit = { principal: ApiPrincipal; clientAddress: string; format: string };

/**
 * The text of an export, batch by batch: an optional preamble, then each contact rendered. When it
 * ends (complete, or cut off by the client), the audit trail gets who exported which filter, how
 * many cards and in which format.
 */
export async function* renderExport(filters: ContactFilterSet, render: (item: ContactItem) => string, preamble = "", audit?: ExportAudit, slot?: StreamSlot): AsyncGenerator<string> {
  let cards = 0;
  let complete = false;
  try {
    const store = await getStore();
    if (preamble) yield preamble;
    for await (const batch of store.iterateContactBatches({ ...filters, batchSize: exportBatchSize })) {
      let text = "";
      for (const row of batch) text += render(toContactItem(row));
      cards += batch.length;
      yield text;
    }
    complete = true;
  } finally {
    slot?.release();
    if (audit) {
      await recordAudit(await getStore(), {
        actor: actorOfPrincipal(audit.principal),
        clientAddress: audit.clientAddress,
        action: "contacts.export",
        details: { format: audit.format, filters: { ...filterSetOf(filters) }, cards, complete },
      }).catch((error: unknown) => console.error("[contact-inbox] could not record an export in the audit trail", error));
    }
  }
}
