import "server-only";
import { toContactItem, type ContactItem } from "@/lib/contacts/contact-item";
import type { ContactFilterSet } from "@/lib/model/contact-query";
import { getStore } from "./store";

const exportBatchSize = 500;

/** The text of an export, batch by batch: an optional preamble, then each contact rendered. */
export async function* renderExport(filters: ContactFilterSet, render: (item: ContactItem) => string, preamble = ""): AsyncGenerator<string> {
  if (preamble) yield preamble;
  const store = await getStore();
  for await (const batch of store.iterateContactBatches({ ...filters, batchSize: exportBatchSize })) {
    let text = "";
    for (const row of batch) text += render(toContactItem(row));
    yield text;
  }
}
