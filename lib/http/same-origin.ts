import { jsonError } from "./errors";

/**
 * CSRF guard for cookie-authenticated mutations in route handlers: a browser always sends Origin
 * (or Sec-Fetch-Site) on a cross-site POST, so one that names another site is refused. Server
 * actions get the same check from Next.js itself.
 */
export function rejectCrossSite(request: Request): Response | null {
  // Browsers that send Sec-Fetch-Site say exactly where a request comes from; only older ones need the Origin check.
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite === "same-origin" || fetchSite === "none" ? null : forbidden();
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host ? null : forbidden();
  } catch {
    return forbidden();
  }
}

function forbidden(): Response {
  return jsonError(403, "Cross-site request refused", [{ path: "origin", message: "must be this site" }]);
}
