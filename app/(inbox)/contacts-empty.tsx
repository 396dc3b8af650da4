import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";

type ContactsEmptyInboxProps = {
  callbackUrl: string;
  /** The header callbacks must carry their token in, when the server requires one (CALLBACK_TOKEN). */
  callbackTokenHeader: string | null;
};

/**
 * No contact has ever been received. The agent looking at this is rarely the person who set up the
 * server, so it says what to ask for: the callback URL to register, and a test command to run.
 */
export function ContactsEmptyInbox({ callbackUrl, callbackTokenHeader }: ContactsEmptyInboxProps) {
  const curl = [
    `curl -X POST ${callbackUrl}`,
    `  -H 'content-type: application/json'`,
    ...(callbackTokenHeader ? [`  -H '${headerCase(callbackTokenHeader)}: <CALLBACK_TOKEN>'`] : []),
    `  --data-binary @samples/kaleyra-contact-message.json`,
  ].join(" \\\n");
  return (
    <section aria-labelledby="empty-title" className="mx-auto max-w-2xl rounded-xl border border-dashed border-slate-300 bg-white p-6 sm:p-8 dark:border-slate-700 dark:bg-slate-900">
      <h2 id="empty-title" className="text-lg font-semibold">No contacts yet</h2>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        When a customer shares a contact card with your WhatsApp business number, it appears here, newest first. This page offers new contacts as they arrive.
      </p>
      <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
        Expected some already? Ask whoever runs this server to register this URL as the callback in Kaleyra (or as the webhook in Meta){callbackTokenHeader ? `, with the callback token in the ${headerCase(callbackTokenHeader)} header` : ""}:
      </p>
      <div className="mt-2 flex items-center gap-2 rounded-md bg-slate-100 py-1.5 pr-1.5 pl-3 dark:bg-slate-800">
        <code className="min-w-0 flex-1 text-sm wrap-anywhere" data-testid="callback-url">
          {callbackUrl}
        </code>
        <CopyButton value={callbackUrl} label="callback URL" />
      </div>
      <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">They can check it works by posting the sample callback from the app’s folder:</p>
      <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{curl}</pre>
      <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
        To try the app with realistic examples, they can run <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">npm run demo</code>. Callbacks that arrive but are refused are listed under{" "}
        <Link href="/deliveries" className="focus-ring rounded text-sky-700 hover:underline dark:text-sky-400">
          Deliveries
        </Link>
        .
      </p>
    </section>
  );
}

/** "x-callback-token" → "X-Callback-Token": the environment schema lowercases header names. */
function headerCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** Contacts exist, but none matches the filters. */
export function ContactsNoMatch({ clearHref }: { clearHref: string }) {
  return (
    <section aria-labelledby="no-match-title" className="mx-auto max-w-xl rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center dark:border-slate-700 dark:bg-slate-900">
      <h2 id="no-match-title" className="text-lg font-semibold">No contacts match these filters</h2>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Try a shorter search, another campaign or a wider date range.</p>
      <Link href={clearHref} className="btn mt-4">
        Clear filters
      </Link>
    </section>
  );
}
