import type { Metadata } from "next";
import Link from "next/link";
import { getStore } from "@/app/_server/store";
import type { ApiToken } from "@/lib/model/accounts";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireAdmin } from "@/app/_server/current-agent";
import { configuredRetention } from "@/lib/lifecycle/retention-policy";
import { revokeTokenAction, setAgentDisabledAction } from "./actions";
import { AddAgentForm, CreateTokenForm, ResetPasswordForm } from "./admin-forms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const admin = await requireAdmin();
  const store = await getStore();
  const [agents, tokens, [lastPurge]] = await Promise.all([store.listAgents(), store.listApiTokens(), store.listAuditEvents({ action: "retention.purge", limit: 1 })]);
  const retention = configuredRetention();
  const agentEmails = new Map(agents.map((agent) => [agent.id, agent.email]));
  const disabledAgents = new Set(agents.filter((agent) => agent.disabledAt).map((agent) => agent.id));
  return (
    <main className="mx-auto max-w-5xl space-y-8 px-4 py-6 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Admin</h1>

      <section aria-labelledby="agents-title" className="space-y-3">
        <h2 id="agents-title" className="text-lg font-semibold">Agents</h2>
        <AddAgentForm />
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {agents.map((agent) => (
            <li key={agent.id} aria-label={agent.email} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <div className="min-w-48 flex-1">
                <p className="font-medium">{agent.email}</p>
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  {agent.name ? `${agent.name} · ` : ""}
                  {agent.isAdmin ? "admin" : "agent"}
                  {agent.disabledAt ? " · disabled" : ""}
                </p>
              </div>
              <ResetPasswordForm agentId={agent.id} email={agent.email} />
              {agent.id !== admin.id && (
                <form action={setAgentDisabledAction}>
                  <input type="hidden" name="agentId" value={agent.id} />
                  <input type="hidden" name="disabled" value={agent.disabledAt ? "false" : "true"} />
                  <button type="submit" className="btn h-8 text-xs">
                    {agent.disabledAt ? "Enable" : "Disable"}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="tokens-title" className="space-y-3">
        <h2 id="tokens-title" className="text-lg font-semibold">API tokens</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          For scripts and integrations: send <code>Authorization: Bearer &lt;token&gt;</code> to the JSON API. A token is shown once, when it is created.
        </p>
        <CreateTokenForm />
        {tokens.length > 0 && (
          <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {tokens.map((token) => (
              <li key={token.id} aria-label={`Token ${token.name}`} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
                <div className="flex-1">
                  <p className="font-medium">{token.name}</p>
                  <p className="text-xs text-slate-500 dark:text-slate-400">
                    <code>{token.prefix}…</code> · created <RelativeTime iso={token.createdAt.toISOString()} />
                    {token.createdBy !== null && ` by ${agentEmails.get(token.createdBy) ?? `agent #${token.createdBy}`}`}
                    {" · "}
                    {token.lastUsedAt ? (
                      <>
                        last used <RelativeTime iso={token.lastUsedAt.toISOString()} />
                      </>
                    ) : (
                      "never used"
                    )}
                    {" · "}
                    <TokenState token={token} creatorDisabled={token.createdBy !== null && disabledAgents.has(token.createdBy)} />
                  </p>
                </div>
                {!token.revokedAt && (
                  <form action={revokeTokenAction}>
                    <input type="hidden" name="tokenId" value={token.id} />
                    <button type="submit" className="btn h-8 text-xs">
                      Revoke
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="retention-title" className="space-y-3">
        <h2 id="retention-title" className="text-lg font-semibold">Personal data</h2>
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm wrap-anywhere dark:border-slate-800 dark:bg-slate-900">
          <dt className="text-slate-500 dark:text-slate-400">Shares</dt>
          <dd>{retention.shareDays ? `deleted ${retention.shareDays} days after they arrive (RETENTION_DAYS)` : "kept until deleted (RETENTION_DAYS unset)"}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Callback bodies</dt>
          <dd>{retention.rawBodyDays ? `cleared ${retention.rawBodyDays} days after they arrive, the log entries kept (RAW_BODY_RETENTION_DAYS)` : "kept (RAW_BODY_RETENTION_DAYS unset)"}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Audit trail and deletion records</dt>
          <dd>kept {retention.auditDays} days (AUDIT_RETENTION_DAYS)</dd>
          <dt className="text-slate-500 dark:text-slate-400">Last purge</dt>
          <dd>
            {lastPurge ? (
              <>
                <RelativeTime iso={lastPurge.at.toISOString()} />: {String(lastPurge.details.sharesDeleted ?? 0)} share(s) deleted, {String(lastPurge.details.bodiesCleared ?? 0)} body(ies) cleared
              </>
            ) : (
              "nothing purged yet (the purge runs every hour, and with npm run purge)"
            )}
          </dd>
        </dl>
        <p className="flex flex-wrap gap-2 text-sm">
          <Link href="/admin/erasure" className="btn">
            Erase a person
          </Link>
          <Link href="/admin/audit" className="btn">
            Audit trail
          </Link>
        </p>
      </section>
    </main>
  );
}

/** Whether a token still works, and if not, why; when it will stop if it has an expiry. */
function TokenState({ token, creatorDisabled }: { token: ApiToken; creatorDisabled: boolean }) {
  if (token.revokedAt) return <>revoked</>;
  if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) return <>expired {token.expiresAt.toISOString().slice(0, 10)}</>;
  if (creatorDisabled) return <>not working: its creator is disabled</>;
  return <>{token.expiresAt ? `expires ${token.expiresAt.toISOString().slice(0, 10)}` : "no expiry"}</>;
}
