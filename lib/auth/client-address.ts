import { env } from "@/lib/env";

/**
 * The client's address, for per-address sign-in limits. Next.js's server sets X-Forwarded-For from
 * the socket when the request reaches it directly; behind a reverse proxy (TRUST_PROXY=true) the
 * proxy's own entry is the last one and the client's the first.
 */
export function clientAddressOf(headers: Headers): string {
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((part) => part.trim()).filter(Boolean);
  const address = env.TRUST_PROXY ? forwarded[0] : forwarded[forwarded.length - 1];
  return address ?? headers.get("x-real-ip") ?? "unknown";
}
