import type { Metadata } from "next";
import { headers } from "next/headers";
import { currentSessionToken, requireAgent } from "@/app/_server/current-agent";
import { getStore } from "@/app/_server/store";
import { SignOutButton } from "@/components/sign-out-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { countOtherBrowsers } from "@/lib/auth/account-changes";
import { publicBaseUrl } from "@/lib/http/public-url";
import { revokeAppPasswordAction, signOutOtherBrowsersAction } from "./actions";
import { CreateAppPasswordForm } from "./app-password-form";
import { ChangePasswordForm } from "./change-password-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account" };

/** The agent's own account: their sign-in password; how to subscribe to the contacts in a CardDAV client, and the app passwords for it. */
export default async function AccountPage() {
  const agent = await requireAgent();
  const store = await getStore();
  const appPasswords = await store.listAppPasswords({ agentId: agent.id });
  const token = await currentSessionToken();
  const otherBrowsers = token ? await countOtherBrowsers(store, { agent, token }) : 0;
  const base = publicBaseUrl(await headers());
  return (
    <main className="mx-auto max-w-3xl space-y-8 px-4 py-6 sm:px-6">
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
        {/* On a phone the header has no room for it: signing out lives here. */}
        <div className="text-sm sm:hidden">
          <SignOutButton />
        </div>
      </div>

      <section aria-labelledby="carddav-title" className="space-y-3">
        <h2 id="carddav-title" className="text-lg font-semibold">Contacts on your phone (CardDAV)</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Add a CardDAV account in iPhone or Mac Contacts, DAVx⁵ on Android or Thunderbird, and the shared contacts arrive by themselves: new shares appear, deleted ones go, on every sync. The address books are read-only: “All shared contacts” and one per campaign.
        </p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm dark:border-slate-800 dark:bg-slate-900">
          <dt className="font-medium">Server</dt>
          <dd>
            <code data-testid="carddav-server">{base}/dav/</code> <span className="text-slate-500 dark:text-slate-400">(or just {base.replace(/^https?:\/\//, "")})</span>
          </dd>
          <dt className="font-medium">User name</dt>
          <dd>
            <code>{agent.email}</code>
          </dd>
          <dt className="font-medium">Password</dt>
          <dd>an app password from below (not your sign-in password)</dd>
        </dl>
      </section>

      <section aria-labelledby="app-passwords-title" className="space-y-3">
        <h2 id="app-passwords-title" className="text-lg font-semibold">App passwords</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">One per device or app. Each is shown once, when it is created; revoke one to cut that device off.</p>
        <CreateAppPasswordForm />
        {appPasswords.length > 0 && (
          <ul aria-label="App passwords" className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {appPasswords.map((appPassword) => (
              <li key={appPassword.id} aria-label={`App password ${appPassword.name}`} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
                <div className="min-w-48 flex-1">
                  <p className="font-medium">{appPassword.name}</p>
                  <p className="text-xs text-slate-500 dark:text-slate-400">
                    <code>{appPassword.prefix}…</code> · created <RelativeTime iso={appPassword.createdAt.toISOString()} />
                    {" · "}
                    {appPassword.lastUsedAt ? (
                      <>
                        last used <RelativeTime iso={appPassword.lastUsedAt.toISOString()} />
                      </>
                    ) : (
                      "never used"
                    )}
                    {appPassword.revokedAt && " · revoked"}
                  </p>
                </div>
                {!appPassword.revokedAt && (
                  <form action={revokeAppPasswordAction}>
                    <input type="hidden" name="appPasswordId" value={appPassword.id} />
                    <button type="submit" className="btn h-8 text-xs" aria-label={`Revoke ${appPassword.name}`}>
                      Revoke
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="sessions-title" className="space-y-3">
        <h2 id="sessions-title" className="text-lg font-semibold">Where you are signed in</h2>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <p data-testid="other-browsers" className="text-slate-600 dark:text-slate-400">
            {otherBrowsers === 0 ? "Only in this browser." : `In this browser and ${otherBrowsers} other ${otherBrowsers === 1 ? "browser" : "browsers"}.`}
          </p>
          {otherBrowsers > 0 && (
            <form action={signOutOtherBrowsersAction}>
              <button type="submit" className="btn h-8 text-xs">
                Sign out the other {otherBrowsers === 1 ? "browser" : "browsers"}
              </button>
            </form>
          )}
        </div>
      </section>

      <section aria-labelledby="password-title" className="space-y-3">
        <h2 id="password-title" className="text-lg font-semibold">Sign-in password</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Signed in as <span className="font-medium text-slate-900 dark:text-slate-100">{agent.email}</span>. Changing the password signs you out on every other browser; your app passwords keep working until you revoke them.
        </p>
        <ChangePasswordForm />
      </section>
    </main>
  );
}
