import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentAgent } from "@/app/_server/current-agent";
import { getStore } from "@/app/_server/store";
import { safeReturnPath } from "@/lib/auth/sign-in-href";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type SignInPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const next = (await searchParams).next;
  const returnTo = safeReturnPath(typeof next === "string" ? next : null);
  if ((await (await getStore()).countAgents()) === 0) redirect("/setup");
  if (await getCurrentAgent()) redirect(returnTo);
  return (
    <main className="mx-auto flex max-w-sm flex-col gap-6 px-4 py-16">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Contact Inbox is for your support team. Ask an admin for an account.</p>
      </div>
      <SignInForm returnTo={returnTo} />
    </main>
  );
}
