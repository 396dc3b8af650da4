import { z } from "zod";
import { readFilteredRequest } from "@/app/_server/filtered-request";
import { getStore } from "@/app/_server/store";
import { errorResponse, jsonError } from "@/lib/http/errors";
import { toInputIssues } from "@/lib/callbacks/issues";

export const dynamic = "force-dynamic";

const afterSchema = z.coerce.number({ error: "must be a contact id" }).int("must be a contact id").min(0, "must be 0 or more");

/** How many contacts matching the filters arrived after contact `after`: the inbox's "N new" notice. */
export async function GET(request: Request): Promise<Response> {
  const read = await readFilteredRequest(request);
  if (read instanceof Response) return read;
  const after = afterSchema.safeParse(read.params.get("after") ?? "");
  if (!after.success) return jsonError(400, "Invalid query parameters", toInputIssues(after.error, ["after"]));
  try {
    return Response.json({ count: await (await getStore()).countContactsAfter({ ...read.filters, afterId: after.data }) }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
