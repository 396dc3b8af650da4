import { NextResponse, type NextRequest } from "next/server";
import { apiContentSecurityPolicy, pageContentSecurityPolicy } from "./lib/http/security-headers.js";
import { plainCookieName, secureCookieName } from "./lib/auth/session-cookie";
import { jsonError } from "./lib/http/errors";
import { rejectCrossSite } from "./lib/http/same-origin";

/** Pages anyone may open: signing in, and creating the first admin. */
const publicPages = ["/sign-in", "/setup"];

/**
 * First gate, for pages and the data API (the callback receiver, whose body must not be buffered,
 * and the health check are outside the matcher). It gives each page a CSP nonce and turns away
 * requests with no session cookie at all. It is not the security boundary: every page, route
 * handler and server action checks the session itself where it reads data.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSession = request.cookies.has(secureCookieName) || request.cookies.has(plainCookieName);
  const isApi = pathname.startsWith("/api/");
  const isPublic = publicPages.includes(pathname) || pathname.startsWith("/api/auth/");

  // A server action posted from another site, or naming no action Next.js could have made: Next.js
  // would refuse both too, but with a 500 or a stack trace in the log.
  const actionId = request.method === "POST" ? request.headers.get("next-action") : null;
  if (actionId !== null) {
    const refused = rejectCrossSite(request) ?? (/^[0-9a-f]{42}$/i.test(actionId) ? null : jsonError(400, "Unknown server action", [{ path: "next-action", message: "is not an action of this app" }]));
    if (refused) {
      refused.headers.set("content-security-policy", apiContentSecurityPolicy);
      return refused;
    }
  }

  if (!isPublic && !hasSession && !(isApi && request.headers.has("authorization"))) {
    if (isApi) {
      const refused = NextResponse.json({ error: "Authentication required: sign in, or send Authorization: Bearer <API token>", issues: [] }, { status: 401 });
      refused.headers.set("content-security-policy", apiContentSecurityPolicy);
      refused.headers.set("cache-control", "no-store");
      return refused;
    }
    const signIn = new URL("/sign-in", request.url);
    if (pathname !== "/" || search) signIn.searchParams.set("next", `${pathname}${search}`);
    // A redirect renders nothing, but it is a response like any other: it gets the strictest policy.
    const redirect = NextResponse.redirect(signIn);
    redirect.headers.set("content-security-policy", apiContentSecurityPolicy);
    return redirect;
  }
  if (isApi) return NextResponse.next();

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-request-path", `${pathname}${search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Prefetches pass through here too: every page response, prefetched or not, carries its policy.
  matcher: ["/((?!api/callbacks|api/health|api/bench|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
