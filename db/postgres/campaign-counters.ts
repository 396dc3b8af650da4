import "server-only";
import { campaignKeysOf, campaignValuesByField } from "@/lib/model/campaign-counters";
import type { NewContactShare } from "@/lib/model/contact-share";
import { dayOf } from "@/lib/model/share-facets";

type CountedShare = Pick<NewContactShare, "sortAt" | "ref" | "ref1" | "ref2" | "senderWaId" | "senderUserId" | "phones" | "sortName">;

/**
 * What a card adds to (delta 1) or takes from (delta -1) the campaign counters, as the JSON that
 * ingest_callback() and campaign_keys_add() (migration 0007) read: its day under each field's
 * value, and its sender's and contact's day under each value.
 */
export function campaignCountersOf(row: CountedShare, delta: 1 | -1) {
  const day = dayOf(row.sortAt);
  return {
    campaignDays: campaignValuesByField(row).map((entry) => ({ ...entry, day })),
    campaignKeys: campaignKeysOf(row).map((entry) => ({ ...entry, day, delta })),
  };
}
