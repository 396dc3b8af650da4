"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOfAgent, currentClientAddress } from "@/app/_server/audit-actor";
import { requireAdmin } from "@/app/_server/current-agent";
import { getStore } from "@/app/_server/store";
import { contactTitle } from "@/lib/contacts/display";
import { toContactItem } from "@/lib/contacts/contact-item";
import { erasePerson, type ErasureReceipt } from "@/lib/lifecycle/erase-person";
import { erasureMatchOf } from "@/lib/lifecycle/erasure-criteria";
import { erasureKinds } from "@/lib/lifecycle/erasure-kinds";
import type { ErasureKind } from "@/lib/model/lifecycle";
import { StorageUnavailableError } from "@/lib/model/storage-errors";

export type ErasureFormState =
  | null
  | { step: "counted"; kind: ErasureKind; value: string; matches: number; preview: { id: number; name: string; receivedAt: string }[] }
  | { step: "erased"; receipt: ErasureReceipt }
  | { step: "error"; error: string; kind?: ErasureKind; value?: string };

const erasureFormSchema = z.object({
  kind: z.enum(erasureKinds, { error: "choose what the person is known by" }),
  value: z.string().trim().min(1, "enter the value to erase").max(320),
  confirm: z.enum(["yes"]).optional(),
});

/** How many shares the person has first (nothing changes); with `confirm`, erases them and answers the receipt. */
export async function erasureAction(_previous: ErasureFormState, formData: FormData): Promise<ErasureFormState> {
  const admin = await requireAdmin();
  const form = erasureFormSchema.safeParse({ kind: formData.get("kind"), value: formData.get("value") ?? "", confirm: formData.get("confirm") ?? undefined });
  if (!form.success) return { step: "error", error: form.error.issues.map((issue) => issue.message).join("; ") };
  const { kind, value, confirm } = form.data;
  const criterion = erasureMatchOf({ [kind]: value });
  if (!criterion.ok) return { step: "error", error: criterion.issues.map((issue) => issue.message).join("; "), kind, value };
  try {
    const store = await getStore();
    const result = await erasePerson(store, { match: criterion.match, dryRun: confirm !== "yes", actor: actorOfAgent(admin), clientAddress: await currentClientAddress() });
    if ("dryRun" in result) {
      // A few of the matches, so the admin can see it is the right person before erasing.
      const preview = [];
      for (const id of result.shareIds.slice(0, 5)) {
        const row = await store.getContactById({ id });
        if (row) preview.push({ id, name: contactTitle(toContactItem(row)).text, receivedAt: row.receivedAt.toISOString() });
      }
      return { step: "counted", kind, value, matches: result.matches, preview };
    }
    revalidatePath("/");
    return { step: "erased", receipt: result };
  } catch (error) {
    if (error instanceof StorageUnavailableError) return { step: "error", error: "The database is busy; try again in a moment", kind, value };
    throw error;
  }
}
