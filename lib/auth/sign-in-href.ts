/** The sign-in page, with where to go back to afterwards (only a local path: never an open redirect). */
export function signInHref(returnTo: string | null | undefined): string {
  const target = safeReturnPath(returnTo);
  return target === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(target)}`;
}

export function safeReturnPath(path: string | null | undefined): string {
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\\\")) return "/";
  if (path.startsWith("/sign-in") || path.startsWith("/setup")) return "/";
  return path;
}
