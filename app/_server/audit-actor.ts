import "server-only";
import { headers } from "next/headers";
import { clientAddressOf } from "@/lib/auth/client-address";
import type { Agent } from "@/lib/model/accounts";
import type { AuditActor } from "@/lib/model/audit";
import type { ApiPrincipal } from "./api-auth";

/** Who an audit entry names for a signed-in agent: id and email. */
export function actorOfAgent(agent: Pick<Agent, "id" | "email">): AuditActor {
  return { type: "agent", id: agent.id, name: agent.email };
}

/** Who an audit entry names for an API caller: the agent behind the session, or the token (id and name). */
export function actorOfPrincipal(principal: ApiPrincipal): AuditActor {
  return principal.kind === "agent" ? { type: "agent", id: principal.agentId, name: principal.email } : { type: "token", id: principal.tokenId, name: principal.name };
}

/** The client address of the current server action or page request (lib/auth/client-address.ts). */
export async function currentClientAddress(): Promise<string> {
  return clientAddressOf(await headers());
}
