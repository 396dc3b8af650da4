import { afterAll, describe, expect, it, vi } from "vitest";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";

/*
 * PostgreSQL going away: callbacks answer 503 + Retry-After (never 200 for unsaved data, never
 * 500), health says 503 with the reason, and everything recovers once the database is back,
 * without restarting the app. The database is reached through a proxy the test can cut.
 */
const state = vi.hoisted(() => {
  process.env.DATABASE_STATEMENT_TIMEOUT_MS = "400";
  return { proxy: null as TcpProxy | null };
});

const realUrl = new URL(process.env.DATABASE_URL!);
state.proxy = await startTcpProxy({ host: realUrl.hostname, port: Number(realUrl.port) });
const proxied = new URL(realUrl);
proxied.port = String(state.proxy.port);
process.env.DATABASE_URL = proxied.toString();

const { kaleyraCallback, postCallback, apiRequest } = await import("@/test/callbacks");
const { sqlAll, sqlCount } = await import("@/test/database");
const { GET: health } = await import("@/app/api/health/route");
const { GET: listContacts } = await import("@/app/api/contacts/route");

afterAll(() => state.proxy?.close());

const card = (id: string) => kaleyraCallback({ messageId: id, cards: [{ name: { formatted_name: `Card ${id}` } }] });

describe("PostgreSQL unavailable", () => {
  it("answers 503 with Retry-After while the server cannot be reached, then stores again without a restart", async () => {
    expect((await postCallback(card("before-outage"))).status).toBe(200);
    const apiCall = await apiRequest("http://localhost/api/contacts"); // its API token is made while the database answers
    await state.proxy!.down();
    const during = await postCallback(card("during-outage"));
    expect(during.status).toBe(503);
    expect(during.headers.get("retry-after")).toBe("5");
    expect(during.json.error).toMatch(/temporarily unavailable \((unreachable|overloaded)\)/);
    const checked = await health();
    expect(checked.status).toBe(503);
    expect(await checked.json()).toMatchObject({ ok: false, error: expect.stringMatching(/does not answer \((unreachable|overloaded)\)/) });
    const page = await listContacts(apiCall);
    expect(page.status).toBe(503);

    await state.proxy!.up();
    expect((await health()).status).toBe(200);
    const after = await postCallback(card("during-outage"));
    expect(after.status).toBe(200);
    expect(after.json.sharesStored).toBe(1);
    expect(await sqlCount("select count(*) as n from contact_shares where message_id like ?", "%-outage")).toBe(2);
  }, 60_000);

  it("answers 503 when a statement runs past DATABASE_STATEMENT_TIMEOUT_MS, and nothing half-stored remains", async () => {
    const pg = (await import("pg")).default;
    const blocker = new pg.Client({ connectionString: realUrl.toString() });
    await blocker.connect();
    try {
      await blocker.query("begin");
      await blocker.query("lock table contact_shares in access exclusive mode");
      const blocked = await postCallback(card("blocked-1"));
      expect(blocked.status).toBe(503);
      expect(blocked.json.error, JSON.stringify(blocked.json)).toContain("temporarily unavailable (timeout)");
    } finally {
      await blocker.query("rollback").catch(() => undefined);
      await blocker.end();
    }
    expect(await sqlAll("select id from callbacks where raw_body like ?", "%blocked-1%")).toHaveLength(0);
    const retried = await postCallback(card("blocked-1"));
    expect(retried.status).toBe(200);
    expect(await sqlCount("select count(*) as n from contact_shares where message_id = 'blocked-1'")).toBe(1);
  }, 60_000);
});
