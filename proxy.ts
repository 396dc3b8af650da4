import { NextResponse, type NextRequest } from "next/server";
import { pageContentSecurityPolicy } from "./lib/http/security-headers.js";
import { plainCookieName, secureCookieName } from "./lib/auth/session-cookie";

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

  if (!isPublic && !hasSession && !(isApi && request.headers.has("authorization"))) {
    if (isApi) {
      return NextResponse.json({ error: "Authentication required: sign in, or send Authorization: Bearer <API token>", issues: [] }, { status: 401 });
    }
    const signIn = new URL("/sign-in", request.url);
    if (pathname !== "/" || search) signIn.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
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
  matcher: [
    {
      source: "/((?!api/callbacks|api/health|api/bench|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
