import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getStore } from "@/app/_server/store";
import { hasSetupCode, prepareSetupCode } from "@/lib/auth/setup-code";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "First-run setup" };

/** First run: create the first admin. Closed for good once any agent exists. */
export default async function SetupPage() {
  const store = await getStore();
  if ((await store.countAgents()) > 0) redirect("/sign-in");
  if (!(await hasSetupCode(store))) await prepareSetupCode(store);
  return (
    <main className="mx-auto flex max-w-md flex-col gap-6 px-4 py-16">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Welcome to Contact Inbox</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Create the first admin account. To prove you run this server, enter the one-time setup code it printed in its log at start (or the <code>SETUP_CODE</code> you configured).
        </p>
      </div>
      <SetupForm />
    </main>
  );
}
