"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actorOfAgent, currentClientAddress } from "@/app/_server/audit-actor";
import { requireAdmin } from "@/app/_server/current-agent";
import { getStore } from "@/app/_server/store";
import { deleteContact } from "@/lib/lifecycle/delete-contact";
import { StorageUnavailableError } from "@/lib/model/storage-errors";

export type DeleteContactState = { error: string } | null;

const deleteFormSchema = z.object({ contactId: z.coerce.number().int().positive() });

/** Deletes the contact on the page (admins only) and goes back to the inbox; see lib/lifecycle/delete-contact.ts. */
export async function deleteContactAction(_previous: DeleteContactState, formData: FormData): Promise<DeleteContactState> {
  const admin = await requireAdmin();
  const form = deleteFormSchema.safeParse({ contactId: formData.get("contactId") });
  if (!form.success) return { error: "contactId: must be a contact's id" };
  try {
    const result = await deleteContact(await getStore(), { id: form.data.contactId, actor: actorOfAgent(admin), clientAddress: await currentClientAddress() });
    if (!result.deleted) return { error: "This contact was already deleted" };
  } catch (error) {
    if (error instanceof StorageUnavailableError) return { error: "The database is busy; try again in a moment" };
    throw error;
  }
  revalidatePath("/");
  redirect("/");
}
