import Link from "next/link";

export default function ContactNotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="text-sm font-semibold text-emerald-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Contact not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">No shared contact has this id: it was deleted, or the link is mistyped.</p>
      <Link href="/" className="btn mt-6">
        Back to the inbox
      </Link>
    </main>
  );
}
