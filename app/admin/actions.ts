"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getStore } from "@/app/_server/store";
import { requireAdmin } from "@/app/_server/current-agent";
import { actorOfAgent, currentClientAddress } from "@/app/_server/audit-actor";
import { addAgent, issueApiToken, resetAgentPassword, revokeApiToken, setAgentDisabled } from "@/lib/auth/account-changes";
import type { Agent } from "@/lib/model/accounts";
import { hashPassword, passwordSchema } from "@/lib/auth/passwords";

export type AdminFormState = { ok: true; message: string; token?: string } | { ok: false; error: string } | null;

const idSchema = z.coerce.number().int().positive();
const addAgentSchema = z.object({
  email: z.email("must be an email address").max(320),
  name: z.string().trim().max(120).optional(),
  password: passwordSchema,
  isAdmin: z.literal("on").optional(),
});

const createTokenSchema = z.object({
  name: z.string("give the token a name").trim().min(1, "give the token a name").max(120),
  expiresInDays: z.enum(["30", "90", "365", "never"], "must be 30, 90, 365 or never"),
});

function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ");
}

/** Who made a change, for its audit entry. */
async function who(admin: Agent) {
  return { by: actorOfAgent(admin), clientAddress: await currentClientAddress() };
}

export async function addAgentAction(_previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const admin = await requireAdmin();
  const input = addAgentSchema.safeParse(Object.fromEntries(formData));
  if (!input.success) return { ok: false, error: issuesOf(input.error) };
  const store = await getStore();
  if (await store.findAgentByEmail({ email: input.data.email })) return { ok: false, error: `email: ${input.data.email} already has an account` };
  await addAgent(store, { email: input.data.email, name: input.data.name || null, passwordHash: await hashPassword(input.data.password), isAdmin: input.data.isAdmin === "on", ...(await who(admin)) });
  revalidatePath("/admin");
  return { ok: true, message: `Added ${input.data.email}` };
}

export async function setAgentDisabledAction(formData: FormData): Promise<void> {
  const admin = await requireAdmin();
  const id = idSchema.safeParse(formData.get("agentId"));
  if (!id.success || id.data === admin.id) return; // an admin cannot lock themselves out
  const store = await getStore();
  const agent = await store.getAgentById({ id: id.data });
  if (agent) await setAgentDisabled(store, { agent, disabled: formData.get("disabled") === "true", ...(await who(admin)) });
  revalidatePath("/admin");
}

export async function resetPasswordAction(_previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const admin = await requireAdmin();
  const input = z.object({ agentId: idSchema, password: passwordSchema }).safeParse(Object.fromEntries(formData));
  if (!input.success) return { ok: false, error: issuesOf(input.error) };
  const store = await getStore();
  const agent = await store.getAgentById({ id: input.data.agentId });
  if (!agent) return { ok: false, error: "agentId: no such agent" };
  await resetAgentPassword(store, { agent, passwordHash: await hashPassword(input.data.password), ...(await who(admin)) });
  return { ok: true, message: "Password changed; their sessions were ended" };
}

export async function createTokenAction(_previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const admin = await requireAdmin();
  const input = createTokenSchema.safeParse({ name: formData.get("name"), expiresInDays: formData.get("expiresInDays") ?? "never" });
  if (!input.success) return { ok: false, error: issuesOf(input.error) };
  const { name, expiresInDays } = input.data;
  const expiresAt = expiresInDays === "never" ? null : new Date(Date.now() + Number(expiresInDays) * 86_400_000);
  const { token } = await issueApiToken(await getStore(), { name, createdBy: admin.id, expiresAt, ...(await who(admin)) });
  revalidatePath("/admin");
  const expiry = expiresAt ? ` It expires on ${expiresAt.toISOString().slice(0, 10)}.` : "";
  return { ok: true, message: `Token "${name}" created.${expiry} Copy it now: it is not shown again.`, token };
}

export async function revokeTokenAction(formData: FormData): Promise<void> {
  const admin = await requireAdmin();
  const id = idSchema.safeParse(formData.get("tokenId"));
  if (id.success) await revokeApiToken(await getStore(), { id: id.data, ...(await who(admin)) });
  revalidatePath("/admin");
}
