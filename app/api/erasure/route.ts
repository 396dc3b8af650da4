import { requireAdminPrincipal } from "@/app/_server/api-auth";
import { actorOfPrincipal } from "@/app/_server/audit-actor";
import { getStore } from "@/app/_server/store";
import { clientAddressOf } from "@/lib/auth/client-address";
import { toInputIssues } from "@/lib/callbacks/issues";
import { erasePerson } from "@/lib/lifecycle/erase-person";
import { erasureMatchOf, erasureRequestSchema } from "@/lib/lifecycle/erasure-criteria";
import { errorResponse, jsonError } from "@/lib/http/errors";
import { readSmallJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

/**
 * Erases a person (admins and API tokens only). The JSON body names them by exactly one of `phone`,
 * `waId`, `email`, `senderWaId`, `senderUserId`; with `"dryRun": true` it only answers how many
 * shares match. Otherwise it deletes them and answers the receipt
 * `{id, requestedAt, by, criteria: {kind, sha256}, sharesDeleted, callbacksRedacted}`.
 */
export async function POST(request: Request): Promise<Response> {
  const principal = await requireAdminPrincipal(request, { refusal: "Only admins (or API tokens) may erase people", changesData: true });
  if (principal instanceof Response) return principal;
  const body = await readSmallJson(request, 16 * 1024);
  if (!body.ok) return body.response;
  const input = erasureRequestSchema.safeParse(body.value);
  if (!input.success) return jsonError(400, "Invalid erasure request", toInputIssues(input.error));
  const criterion = erasureMatchOf(input.data);
  if (!criterion.ok) return jsonError(400, "Invalid erasure request", criterion.issues);
  try {
    const result = await erasePerson(await getStore(), {
      match: criterion.match,
      dryRun: input.data.dryRun === true,
      actor: actorOfPrincipal(principal),
      clientAddress: clientAddressOf(request.headers),
    });
    if ("dryRun" in result) return Response.json({ dryRun: true, criteria: result.criteria, matches: result.matches }, { headers: { "cache-control": "no-store" } });
    return Response.json(result, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
