"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOfAgent, currentClientAddress } from "@/app/_server/audit-actor";
import { requireAgent } from "@/app/_server/current-agent";
import { reprocessCallback, type ReprocessResult } from "@/lib/callbacks/reprocess";
import { getStore } from "@/app/_server/store";
import { isStorageUnavailable } from "@/lib/model/storage-errors";

const reprocessFormSchema = z.object({ callbackId: z.coerce.number().int().positive() });

export type ReprocessState = ReprocessResult | null;

export async function reprocessAction(_previous: ReprocessState, formData: FormData): Promise<ReprocessState> {
  const agent = await requireAgent();
  const form = reprocessFormSchema.safeParse({ callbackId: formData.get("callbackId") });
  if (!form.success) return { ok: false, error: "callbackId: must be a logged callback's id" };
  try {
    const result = await reprocessCallback(await getStore(), { callbackId: form.data.callbackId, actor: actorOfAgent(agent), clientAddress: await currentClientAddress() });
    if (result.ok) {
      revalidatePath("/deliveries");
      revalidatePath("/");
    }
    return result;
  } catch (error) {
    if (isStorageUnavailable(error)) return { ok: false, error: "The database is busy; try again in a moment" };
    throw error;
  }
}
