/**
 * The session cookie: httpOnly, SameSite=Lax, and over HTTPS `__Host-`-prefixed and Secure (the
 * prefix makes the browser refuse it from any subdomain or path, or without Secure).
 */
export const secureCookieName = "__Host-ci_session";
export const plainCookieName = "ci_session";

export function isSecureRequest(headers: Headers, url: string): boolean {
  const forwardedProto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (forwardedProto ?? new URL(url).protocol.replace(":", "")) === "https";
}

export function sessionCookie(secure: boolean, token: string, expiresAt: Date) {
  return {
    name: secure ? secureCookieName : plainCookieName,
    value: token,
    options: { httpOnly: true, sameSite: "lax" as const, secure, path: "/", expires: expiresAt },
  };
}

/** The session token among the request's cookies. Over HTTPS only the `__Host-` cookie counts. */
export function sessionTokenFrom(get: (name: string) => string | undefined, secure: boolean): string | null {
  return (secure ? get(secureCookieName) : (get(plainCookieName) ?? get(secureCookieName))) ?? null;
}

/** Reads one cookie from a raw Cookie header. */
export function cookieFromHeader(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}
