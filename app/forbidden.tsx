import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="text-sm font-semibold text-emerald-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold">Admins only</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">Ask an admin if you need this.</p>
      <Link href="/" className="btn mt-6">
        Back to the inbox
      </Link>
    </main>
  );
}
