import { NextResponse } from "next/server";
import { actorOfAgent } from "@/app/_server/audit-actor";
import { getStore } from "@/app/_server/store";
import { recordAudit } from "@/lib/audit/record-audit";
import { clientAddressOf } from "@/lib/auth/client-address";
import { agentOfSession, endSession } from "@/lib/auth/sessions";
import { cookieFromHeader, isSecureRequest, plainCookieName, secureCookieName, sessionTokenFrom } from "@/lib/auth/session-cookie";
import { errorResponse } from "@/lib/http/errors";
import { rejectCrossSite } from "@/lib/http/same-origin";

export const dynamic = "force-dynamic";

/** Ends the session on the server (so a copied cookie dies too), clears the cookie, and notes it in the audit trail. */
export async function POST(request: Request): Promise<Response> {
  const crossSite = rejectCrossSite(request);
  if (crossSite) return crossSite;
  const token = sessionTokenFrom((name) => cookieFromHeader(request.headers.get("cookie"), name), isSecureRequest(request.headers, request.url));
  if (token) {
    try {
      const store = await getStore();
      // Who is signing out is known only while the session lives: look before ending it.
      const agent = await agentOfSession(store, token);
      await endSession(store, token);
      if (agent) await recordAudit(store, { actor: actorOfAgent(agent), clientAddress: clientAddressOf(request.headers), action: "auth.sign_out", details: {} });
    } catch (error) {
      // The session could not be ended on the server: say so (503) rather than pretend it is over.
      return errorResponse(error);
    }
  }
  const response = new NextResponse(null, { status: 303, headers: { location: "/sign-in" } });
  // A __Host- cookie is only replaced by one set with Secure and Path=/.
  response.cookies.set(secureCookieName, "", { httpOnly: true, sameSite: "lax", secure: true, path: "/", maxAge: 0 });
  response.cookies.set(plainCookieName, "", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 0 });
  return response;
}
