import { env } from "@/lib/env";

/** The server's public base URL: PUBLIC_URL when set, else what the request came in on (behind a proxy, its forwarded host). */
export function publicBaseUrl(headers: Headers): string {
  if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/$/, "");
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto.split(",")[0]!.trim()}://${host.split(",")[0]!.trim()}`;
}
