import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { toContactItem, type ContactItem } from "@/lib/contacts/contact-item";
import { filterSetOf, type ContactFilterSet } from "@/lib/model/contact-query";
import type { ApiPrincipal } from "./api-auth";
import { actorOfPrincipal } from "./audit-actor";
import { getStore } from "./store";

const exportBatchSize = 500;

/** Who asked for an export and in which format: the audit trail records it with the filter and the number of cards. */
export type ExportAudit = { principal: ApiPrincipal; clientAddress: string; format: string };

/**
 * The text of an export, batch by batch: an optional preamble, then each contact rendered. When it
 * ends (complete, or cut off by the client), the audit trail gets who exported which filter, how
 * many cards and in which format.
 */
export async function* renderExport(filters: ContactFilterSet, render: (item: ContactItem) => string, preamble = "", audit?: ExportAudit): AsyncGenerator<string> {
  const store = await getStore();
  let cards = 0;
  let complete = false;
  try {
    if (preamble) yield preamble;
    for await (const batch of store.iterateContactBatches({ ...filters, batchSize: exportBatchSize })) {
      let text = "";
      for (const row of batch) text += render(toContactItem(row));
      cards += batch.length;
      yield text;
    }
    complete = true;
  } finally {
    if (audit) {
      await recordAudit(store, {
        actor: actorOfPrincipal(audit.principal),
        clientAddress: audit.clientAddress,
        action: "contacts.export",
        details: { format: audit.format, filters: { ...filterSetOf(filters) }, cards, complete },
      }).catch((error: unknown) => console.error("[contact-inbox] could not record an export in the audit trail", error));
    }
  }
}
