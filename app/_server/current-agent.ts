import "server-only";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { isSecureRequest, sessionCookie, sessionTokenFrom } from "@/lib/auth/session-cookie";
import { agentOfSession } from "@/lib/auth/sessions";
import { signInHref } from "@/lib/auth/sign-in-href";
import type { Agent } from "@/lib/model/accounts";
import { getStore } from "./store";

/**
 * The signed-in agent of the current page request or server action, or null. Looked up once per
 * request: the root layout, a segment's layout and its page each ask (every one checks where it
 * reads data), and React's `cache` gives them the same answer.
 */
export const getCurrentAgent = cache(async (): Promise<Agent | null> => {
  const token = await currentSessionToken();
  return token ? agentOfSession(await getStore(), token) : null;
});

/** The session token of the current page request or server action (from its cookie), or null. */
export async function currentSessionToken(): Promise<string | null> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return sessionTokenFrom((name) => cookieStore.get(name)?.value, isSecurePageRequest(headerList));
}

/** Gives this browser a session cookie (a server action that signs someone in, or renews their session). */
export async function setSessionCookie(session: { token: string; expiresAt: Date }): Promise<void> {
  const cookie = sessionCookie(isSecurePageRequest(await headers()), session.token, session.expiresAt);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
}

function isSecurePageRequest(headerList: Headers): boolean {
  return isSecureRequest(headerList, `http://${headerList.get("host") ?? "localhost"}/`);
}

/**
 * Every page and server action starts here: the check happens where the data is read, not only in
 * the proxy (which has been bypassed before). Without a session, a page goes to sign-in and back.
 */
export async function requireAgent(): Promise<Agent> {
  const agent = await getCurrentAgent();
  if (!agent) redirect(signInHref((await headers()).get("x-request-path")));
  return agent;
}

export async function requireAdmin(): Promise<Agent> {
  const agent = await requireAgent();
  if (!agent.isAdmin) forbidden();
  return agent;
}
