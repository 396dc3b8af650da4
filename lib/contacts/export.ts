import { iterateContactBatches, type CountContactsParams } from "@/db/queries/contacts";
import { toContactItem, type ContactItem } from "./contact-item";

const exportBatchSize = 500;

/** The text of an export, batch by batch: an optional preamble, then each contact rendered. */
export function* renderExport(filters: CountContactsParams, render: (item: ContactItem) => string, preamble = ""): Generator<string> {
  if (preamble) yield preamble;
  for (const batch of iterateContactBatches({ ...filters, batchSize: exportBatchSize })) {
    let text = "";
    for (const row of batch) text += render(toContactItem(row));
    yield text;
  }
}
