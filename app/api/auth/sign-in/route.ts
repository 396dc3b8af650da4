import { NextResponse } from "next/server";
import { z } from "zod";
import { actorOfAgent } from "@/app/_server/audit-actor";
import { getStore } from "@/app/_server/store";
import { recordAudit } from "@/lib/audit/record-audit";
import { normalizeEmail } from "@/lib/model/accounts";
import { toInputIssues } from "@/lib/callbacks/issues";
import { clientAddressOf } from "@/lib/auth/client-address";
import { isSecureRequest, sessionCookie } from "@/lib/auth/session-cookie";
import { signIn } from "@/lib/auth/sign-in";
import { safeReturnPath } from "@/lib/auth/sign-in-href";
import { errorResponse, jsonError } from "@/lib/http/errors";
import { readSmallJson } from "@/lib/http/read-json";
import { rejectCrossSite } from "@/lib/http/same-origin";

export const dynamic = "force-dynamic";

const signInSchema = z.object({
  email: z.string().trim().min(3, "enter your email").max(320),
  password: z.string().min(1, "enter your password").max(256),
  next: z.string().max(2000).optional(),
});

/** An email, a password and a return path fit in far less. */
const signInBodyLimit = 8 * 1024;

/** Email + password → a session cookie. 401 for any wrong credential, 429 with Retry-After when locked. */
export async function POST(request: Request): Promise<Response> {
  const crossSite = rejectCrossSite(request);
  if (crossSite) return crossSite;
  // Read before any check (the answer must not tell a locked account from a wrong password), so kept to a form's size.
  const body = await readSmallJson(request, signInBodyLimit);
  if (!body.ok) return body.response;
  const input = signInSchema.safeParse(body.value);
  if (!input.success) return jsonError(400, "Invalid sign-in request", toInputIssues(input.error));
  try {
    const store = await getStore();
    const clientAddress = clientAddressOf(request.headers);
    const result = await signIn(store, { email: input.data.email, password: input.data.password, clientAddress });
    if (!result.ok) {
      // A refused attempt (429) was not checked, so it is not a failed sign-in; the lockout itself was recorded when it began.
      if (result.status === 429) return jsonError(429, result.error, [], { "retry-after": String(result.retryAfterSeconds) });
      const email = normalizeEmail(input.data.email);
      await recordAudit(store, { actor: { type: "anonymous" }, clientAddress, action: "auth.sign_in_failed", details: { email } });
      if (result.lockedOut.length) await recordAudit(store, { actor: { type: "anonymous" }, clientAddress, action: "auth.lockout", details: { email, locked: result.lockedOut.join(" and ") } });
      return jsonError(401, result.error);
    }
    await recordAudit(store, { actor: actorOfAgent(result.agent), clientAddress, action: "auth.sign_in", details: {} });
    const cookie = sessionCookie(isSecureRequest(request.headers, request.url), result.token, result.expiresAt);
    const response = NextResponse.json({ ok: true, next: safeReturnPath(input.data.next) }, { headers: { "cache-control": "no-store" } });
    response.cookies.set(cookie.name, cookie.value, cookie.options);
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
