import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import { openSqliteStore } from "@/db/sqlite/store";
import { decodeJsonBody } from "@/lib/callbacks/decode";
import { parseCallback } from "@/lib/callbacks/parse";
import { createApiToken, findLiveApiToken } from "@/lib/auth/api-tokens";
import { agentOfSession, startSession } from "@/lib/auth/sessions";
import type { Store } from "@/lib/model/store";
import { benchCallback, datasetEnd } from "@/bench/dataset";
import { loadCampaignStats } from "@/lib/campaigns/campaign-stats";
import { parseCampaignStatsQuery } from "@/lib/campaigns/stats-query";
import { expectCountersExact } from "@/test/counters";
import { sqlAll } from "@/test/database";

/** An inbox on SQLite with something in every table: shares, rejected callbacks, agents, a token, a session, a setting. */
async function sqliteInbox(file: string) {
  const store = openSqliteStore({ file, busyTimeoutMs: 5000 });
  const batch = Array.from({ length: 1200 }, (_, index) => {
    const text = benchCallback(index);
    const decoded = decodeJsonBody(new TextEncoder().encode(text));
    const parsed = decoded.ok ? parseCallback(decoded.value) : null;
    if (!parsed?.ok) throw new Error("bench callback did not parse");
    return { receivedAt: new Date(1_790_000_000_000 + index * 1000), startedAt: 0, rawBody: text, bodyBytes: text.length, contentType: "application/json", parsed: parsed.callback };
  });
  await store.ingestCallbackBatch(batch);
  await store.ingestCallbackBatch(batch.slice(0, 10)); // redeliveries: logged as duplicates
  await store.recordRejectedCallback({ receivedAt: new Date(), startedAt: 0, rawBody: "{not json", bodyBytes: 9, contentType: null, envelope: null, httpStatus: 400, reason: "The body is not valid JSON" });
  const admin = await store.createAgent({ email: "admin@copy.example", passwordHash: "$argon2id$x", isAdmin: true });
  await store.createAgent({ email: "agent@copy.example", passwordHash: "$argon2id$y", isAdmin: false });
  const token = await createApiToken(store, { name: "crm", createdBy: admin.id });
  const session = await startSession(store, { agentId: admin.id, lifetimeMs: 3_600_000 });
  await store.putSetting({ key: "setup_code_sha256", value: "" });
  return { store, token: token.token, session: session.token };
}

async function everything(store: Store) {
  const pages = [];
  for (const sort of ["newest", "name", "phone", "sender"] as const) pages.push(await store.listContacts({ sort, page: 3, pageSize: 50 }));
  return {
    pages: pages.map((page) => page.map((row) => [row.id, row.formattedName, row.sortAt.toISOString(), row.phones])),
    counts: [await store.countContacts({}), await store.countContacts({ campaign: "campaign-03" }), await store.countContacts({ from: "2026-01-01", to: "2026-06-30" })],
    search: (await store.listContacts({ q: "shar", sort: "newest", page: 1, pageSize: 20 })).map((row) => row.id),
    campaigns: await store.listCampaigns(),
    senders: await store.listFacetValues({ facet: "sender", limit: 10 }),
    log: (await store.listCallbacks({ limit: 1000 })).map((entry) => [entry.id, entry.outcome, entry.httpStatus, entry.reasonStart, entry.receivedAt.toISOString(), entry.bodyStart]),
    // SQLite keeps bodies compressed (most of them), PostgreSQL as text: the same text either way.
    bodies: await Promise.all([1, 2, 50, 400, 1201].map(async (id) => (await store.getCallbackById({ id }))?.rawBody)),
    agents: (await store.listAgents()).map((agent) => [agent.id, agent.email, agent.isAdmin]),
    tokens: (await store.listApiTokens()).map((token) => [token.id, token.name, token.createdBy]),
    latest: await store.getLatestContactId(),
    // Distinct senders and contacts per campaign: PostgreSQL reads them from the reach it builds from the copied links.
    stats: await Promise.all(
      [["any", 90], ["ref1", 30], ["ref2", 399]].map(([field, days]) => {
        const query = parseCampaignStatsQuery({ field: String(field), from: new Date(datasetEnd - Number(days) * 86_400_000).toISOString().slice(0, 10), to: new Date(datasetEnd).toISOString().slice(0, 10) }, new Date(datasetEnd));
        if (!query.ok) throw new Error(JSON.stringify(query.issues));
        return loadCampaignStats(store, query.query);
      }),
    ),
  };
}

describe("npm run db:copy", () => {
  it("moves a SQLite inbox into an empty PostgreSQL database, everything the same, and refuses to copy twice", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "contact-inbox-copy-")), "inbox.db");
    const source = await sqliteInbox(file);
    const before = await everything(source.store);
    await source.store.close();

    const copy = () => spawnSync("npx", ["tsx", "--conditions", "react-server", "scripts/db-copy.ts", "--from", file, "--to", process.env.DATABASE_URL!], { encoding: "utf8", env: process.env });
    const result = copy();
    expect(result.status, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toContain("copied and verified");
    expect(result.stdout).toMatch(/contact_shares: 1,?2\d\d → 1,?2\d\d|ok  contact_shares/);

    // Vacuumed once copied: the rows are marked visible to all, so index-only scans read no table pages.
    const vacuumed = await sqlAll<{ relname: string }>("select relname from pg_stat_user_tables where relname in ('contact_shares', 'share_facets') and last_vacuum is not null and last_analyze is not null");
    expect(vacuumed.map((row) => row.relname).sort()).toEqual(["contact_shares", "share_facets"]);
    const allVisible = await sqlAll<{ pages: number; visible: number }>("select relpages as pages, relallvisible as visible from pg_class where relname = 'contact_shares'");
    expect(allVisible[0]!.visible).toBe(allVisible[0]!.pages);

    const target = await getStore();
    expect(target.engine).toBe("postgres");
    expect(await everything(target)).toEqual(before);
    await expectCountersExact();
    // The same session and API token work against the new database.
    expect((await agentOfSession(target, source.session))?.email).toBe("admin@copy.example");
    expect((await findLiveApiToken(target, source.token))?.name).toBe("crm");
    // New rows continue after the copied ids.
    const next = await target.recordRejectedCallback({ receivedAt: new Date(), startedAt: 0, rawBody: null, bodyBytes: 0, contentType: null, envelope: null, httpStatus: 401, reason: "x" });
    expect(next).toBeGreaterThan(Math.max(...before.log.map((entry) => entry[0] as number)));

    const again = copy();
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("the target database is not empty");
  }, 120_000);
});
