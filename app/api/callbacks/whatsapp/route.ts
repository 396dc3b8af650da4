import { answerMetaVerification } from "@/lib/callbacks/meta-verification";
import { receiveCallback } from "@/lib/callbacks/receive";
import { methodNotAllowed } from "@/lib/http/errors";

// Reads the request body itself (bounded), writes to SQLite: never cached, always Node.js.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return receiveCallback(request);
}

/** Only Meta's verification handshake is answered on GET. */
export function GET(request: Request): Response {
  return answerMetaVerification(new URL(request.url)) ?? methodNotAllowed(["POST"]);
}

const notAllowed = (_request: Request) => methodNotAllowed(["POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
