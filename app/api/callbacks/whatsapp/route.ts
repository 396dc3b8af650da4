import { receiveCallback } from "@/lib/callbacks/receive";
import { methodNotAllowed } from "@/lib/http/errors";

// Reads the request body itself (bounded), writes to SQLite: never cached, always Node.js.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return receiveCallback(request);
}

const notAllowed = () => methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
