import { cookies } from "next/headers";
import { getStore } from "@/app/_server/store";
import { endSession } from "@/lib/auth/sessions";
import { isSecureRequest, plainCookieName, secureCookieName, sessionTokenFrom } from "@/lib/auth/session-cookie";
import { errorResponse } from "@/lib/http/errors";
import { rejectCrossSite } from "@/lib/http/same-origin";

export const dynamic = "force-dynamic";

/** Ends the session on the server (so a copied cookie dies too) and clears the cookie. */
export async function POST(request: Request): Promise<Response> {
  const crossSite = rejectCrossSite(request);
  if (crossSite) return crossSite;
  const cookieStore = await cookies();
  const token = sessionTokenFrom((name) => cookieStore.get(name)?.value, isSecureRequest(request.headers, request.url));
  if (token) {
    try {
      await endSession(await getStore(), token);
    } catch (error) {
      // The session could not be ended on the server: say so (503) rather than pretend it is over.
      return errorResponse(error);
    }
  }
  // A __Host- cookie is only replaced by one set with Secure and Path=/.
  cookieStore.set(secureCookieName, "", { httpOnly: true, sameSite: "lax", secure: true, path: "/", maxAge: 0 });
  cookieStore.set(plainCookieName, "", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 0 });
  return new Response(null, { status: 303, headers: { location: "/sign-in" } });
}
