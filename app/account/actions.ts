"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentClientAddress } from "@/app/_server/audit-actor";
import { currentSessionToken, requireAgent, setSessionCookie } from "@/app/_server/current-agent";
import { getStore } from "@/app/_server/store";
import { createAppPassword, revokeAppPassword } from "@/lib/auth/app-passwords";
import { signOutOtherBrowsers } from "@/lib/auth/account-changes";
import { changeOwnPassword, type ChangePasswordResult } from "@/lib/auth/change-password";

export type AppPasswordFormState = { ok: true; message: string; password: string } | { ok: false; error: string } | null;

/** Creates an app password for the signed-in agent; the password is in the answer once and nowhere else. */
export async function createAppPasswordAction(_previous: AppPasswordFormState, formData: FormData): Promise<AppPasswordFormState> {
  const agent = await requireAgent();
  const name = z.string().max(200).safeParse(formData.get("name") ?? "");
  if (!name.success) return { ok: false, error: "Give it a name of 1 to 80 characters (e.g. the device it is for)." };
  const created = await createAppPassword(await getStore(), { agent, name: name.data, clientAddress: await currentClientAddress() });
  if (!created.ok) return created;
  revalidatePath("/account");
  return { ok: true, message: `App password "${created.appPassword.name}" created. Enter it in your CardDAV client now: it is not shown again.`, password: created.password };
}

/** Revokes one of the signed-in agent's own app passwords (another agent's id changes nothing). */
export async function revokeAppPasswordAction(formData: FormData): Promise<void> {
  const agent = await requireAgent();
  const id = z.coerce.number().int().positive().safeParse(formData.get("appPasswordId"));
  if (id.success) await revokeAppPassword(await getStore(), { agent, id: id.data, clientAddress: await currentClientAddress() });
  revalidatePath("/account");
}

export type ChangePasswordFormState = { ok: true; message: string } | Extract<ChangePasswordResult, { ok: false }> | null;

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

/**
 * Changes the signed-in agent's own password. Every other session of theirs ends; this browser gets
 * a new session cookie, so the agent stays signed in here.
 */
export async function changePasswordAction(_previous: ChangePasswordFormState, formData: FormData): Promise<ChangePasswordFormState> {
  const agent = await requireAgent();
  const result = await changeOwnPassword(await getStore(), {
    agent,
    currentPassword: text(formData, "currentPassword"),
    newPassword: text(formData, "newPassword"),
    confirmPassword: text(formData, "confirmPassword"),
    clientAddress: await currentClientAddress(),
  });
  if (!result.ok) return result;
  await setSessionCookie(result);
  return { ok: true, message: "Password changed. You were signed out everywhere else; app passwords still work." };
}

/** Ends every session of the signed-in agent but this browser's. */
export async function signOutOtherBrowsersAction(): Promise<void> {
  const agent = await requireAgent();
  const token = await currentSessionToken();
  if (token) await signOutOtherBrowsers(await getStore(), { agent, token, clientAddress: await currentClientAddress() });
  revalidatePath("/account");
}
