import "server-only";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getSessionAgent } from "@/db/queries/sessions";
import type { Agent } from "@/db/schema";
import { isSecureRequest, sessionTokenFrom } from "./session-cookie";
import { signInHref } from "./sign-in-href";

/** The signed-in agent of the current page request or server action, or null. */
export async function getCurrentAgent(): Promise<Agent | null> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const secure = isSecureRequest(headerList, `http://${headerList.get("host") ?? "localhost"}/`);
  const token = sessionTokenFrom((name) => cookieStore.get(name)?.value, secure);
  return token ? getSessionAgent({ token }) : null;
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
