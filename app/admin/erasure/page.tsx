import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_server/current-agent";
import { ErasureForm } from "./erasure-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Erase a person" };

/** A data subject's request: find every share that names them, then delete them all and keep a receipt. */
export default async function ErasurePage() {
  await requireAdmin();
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-6 sm:px-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/admin" className="focus-ring rounded text-sky-700 hover:underline dark:text-sky-400">
          ← Admin
        </Link>
      </nav>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Erase a person</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          For a request to delete someone&apos;s data (GDPR, DPDP): a person shared as a contact (by phone, WhatsApp id or email), or a customer who sent shares. Nothing changes until you confirm.
        </p>
      </div>
      <ErasureForm />
    </main>
  );
}
