/** The sign-in page, with where to go back to afterwards (only a local path: never an open redirect). */
export function signInHref(returnTo: string | null | undefined): string {
  const target = safeReturnPath(returnTo);
  return target === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(target)}`;
}

/** Any origin would do: a path is resolved against it, and only a path that stays on it is kept. */
const ownOrigin = "http://contact-inbox.invalid";

/**
 * Where to go after signing in: a path on this app, or "/". The path is resolved the way a browser
 * would resolve it (`/\host` and `/<TAB>/host` both become `//host`, another site) and kept only
 * when it stays on this origin; what comes back is the resolved, percent-encoded form, so no
 * control character reaches a Location header.
 */
export function safeReturnPath(path: string | null | undefined): string {
  if (!path || !path.startsWith("/")) return "/";
  let resolved: URL;
  try {
    resolved = new URL(path, ownOrigin);
  } catch {
    return "/";
  }
  if (resolved.origin !== ownOrigin) return "/";
  const local = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (local.startsWith("//") || local.startsWith("/sign-in") || local.startsWith("/setup")) return "/";
  return local;
}
