"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { setSessionCookie } from "@/app/_server/current-agent";
import { getStore } from "@/app/_server/store";
import { recordAudit } from "@/lib/audit/record-audit";
import { clientAddressOf } from "@/lib/auth/client-address";
import { hashPassword, passwordSchema } from "@/lib/auth/passwords";
import { startSession } from "@/lib/auth/sessions";
import { checkSetupCode, discardSetupCode } from "@/lib/auth/setup-code";
import { failureWindowMs } from "@/lib/auth/sign-in";
import { env } from "@/lib/env";

const setupSchema = z.object({
  code: z.string().trim().min(1, "enter the setup code from the server log"),
  email: z.email("must be an email address").max(320),
  name: z.string().trim().max(120).optional(),
  password: passwordSchema,
});

/** Wrong setup codes one client address may try in the failure window. */
const maxSetupCodeGuesses = 10;

/** On failure, what the person typed (never the password or code) goes back into the form. */
export type SetupState = { error: string; values?: { email: string; name: string } } | null;

/** Creates the first admin, once: the setup code must match, and no agent may exist yet. */
export async function createFirstAdminAction(_previous: SetupState, formData: FormData): Promise<SetupState> {
  const store = await getStore();
  if ((await store.countAgents()) > 0) return { error: "Setup is closed: an admin already exists. Sign in instead." };
  const headerList = await headers();
  const values = { email: String(formData.get("email") ?? ""), name: String(formData.get("name") ?? "") };
  const input = setupSchema.safeParse(Object.fromEntries(formData));
  if (!input.success) return { error: input.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "), values };

  // Counted before the code is checked, atomically, like a sign-in: parallel guesses cannot pass the limit.
  const now = new Date();
  const attempt = await store.reserveAttempt({ limits: [{ key: `setup:${clientAddressOf(headerList)}`, max: maxSetupCodeGuesses }], since: new Date(now.getTime() - failureWindowMs), at: now });
  if (!attempt.ok) return { error: "Too many wrong setup codes. Wait 15 minutes and try again.", values };
  if (!(await checkSetupCode(store, input.data.code))) return { error: "That setup code is not right. It is printed in the server log at start.", values };
  await store.forgetAttempt({ attemptIds: attempt.attemptIds });

  const admin = await store.createFirstAdmin({ email: input.data.email, name: input.data.name || null, passwordHash: await hashPassword(input.data.password) });
  if (!admin) return { error: "Setup is closed: an admin already exists. Sign in instead." };
  await discardSetupCode(store);
  await recordAudit(store, { actor: { type: "agent", id: admin.id, name: admin.email }, clientAddress: clientAddressOf(headerList), action: "agent.setup", details: { agentId: admin.id, email: admin.email } });
  const session = await startSession(store, { agentId: admin.id, lifetimeMs: env.SESSION_HOURS * 3600_000 });
  await setSessionCookie(session);
  redirect("/");
}
