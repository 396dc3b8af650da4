import { checkDatabase } from "@/db/queries/health";

export const dynamic = "force-dynamic";

export function GET(): Response {
  try {
    checkDatabase();
    return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    console.error("[contact-inbox] health check failed", error);
    return Response.json({ ok: false, error: "The database does not answer" }, { status: 503 });
  }
}
