import Link from "next/link";

/** No contact has ever been received: say where callbacks go and how to send one. */
export function ContactsEmptyInbox({ callbackUrl }: { callbackUrl: string }) {
  const curl = `curl -X POST ${callbackUrl} \\
  -H 'content-type: application/json' \\
  --data-binary @samples/kaleyra-contact-message.json`;
  return (
    <section aria-labelledby="empty-title" className="mx-auto max-w-2xl rounded-xl border border-dashed border-slate-300 bg-white p-8 dark:border-slate-700 dark:bg-slate-900">
      <h2 id="empty-title" className="text-lg font-semibold">No contacts yet</h2>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        When a customer shares a contact card with your WhatsApp business number, it appears here. Register this URL as the callback in Kaleyra (or as the webhook in Meta):
      </p>
      <p className="mt-3 flex items-center gap-2 rounded-md bg-slate-100 px-3 py-2 font-mono text-sm break-all dark:bg-slate-800" data-testid="callback-url">
        {callbackUrl}
      </p>
      <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">Or try it now from the repository folder:</p>
      <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{curl}</pre>
      <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
        <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">npm run demo</code> posts a realistic set of sample callbacks.
      </p>
    </section>
  );
}

/** Contacts exist, but none matches the filters. */
export function ContactsNoMatch({ clearHref }: { clearHref: string }) {
  return (
    <section aria-labelledby="no-match-title" className="mx-auto max-w-xl rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center dark:border-slate-700 dark:bg-slate-900">
      <h2 id="no-match-title" className="text-lg font-semibold">No contacts match these filters</h2>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Try a shorter search, another campaign or a wider date range.</p>
      <Link href={clearHref} className="btn mt-4">
        Clear all filters
      </Link>
    </section>
  );
}
