import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/sign-out-button";
import { MainNavLink } from "@/components/ui/main-nav-link";
import { getCurrentAgent } from "@/app/_server/current-agent";
import { callbackAuthWarning } from "@/lib/callbacks/verify";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Contact Inbox", template: "%s · Contact Inbox" },
  description: "Contact cards your customers shared on WhatsApp",
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const agent = await getCurrentAgent();
  const authWarning = callbackAuthWarning();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-3 sm:gap-6 sm:px-6">
            <Link href="/" className="focus-ring flex shrink-0 items-center gap-2 rounded font-semibold whitespace-nowrap">
              <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-md bg-emerald-700 text-sm text-white">CI</span>
              {/* On a phone the mark alone leaves room for the navigation; the name stays for screen readers. */}
              <span className={agent ? "sr-only sm:not-sr-only" : undefined}>Contact Inbox</span>
            </Link>
            {agent && (
              <>
                <nav aria-label="Main" className="flex gap-3 text-sm whitespace-nowrap sm:gap-4">
                  <MainNavLink href="/">Inbox</MainNavLink>
                  <MainNavLink href="/campaigns">Campaigns</MainNavLink>
                  <MainNavLink href="/deliveries">Deliveries</MainNavLink>
                  {agent.isAdmin && (
                    <MainNavLink href="/admin">Admin</MainNavLink>
                  )}
                </nav>
                <div className="ml-auto flex items-center gap-3 text-sm whitespace-nowrap">
                  <Link href="/account" className="focus-ring hidden rounded text-slate-500 hover:text-slate-900 sm:inline dark:text-slate-400 dark:hover:text-white" title="Your account and app passwords (CardDAV)">
                    {agent.email}
                  </Link>
                  {/* On a phone the address does not fit: a person glyph leads to the account (CardDAV setup, sign-out) instead. */}
                  <Link href="/account" aria-label={`Your account (${agent.email})`} className="focus-ring -m-1 rounded p-1 text-slate-500 hover:text-slate-900 sm:hidden dark:text-slate-400 dark:hover:text-white">
                    <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
                      <path d="M10 10a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm0 2c-3.9 0-7 2.2-7 5v1h14v-1c0-2.8-3.1-5-7-5Z" />
                    </svg>
                  </Link>
                  <div className="hidden sm:block">
                    <SignOutButton />
                  </div>
                </div>
              </>
            )}
          </div>
        </header>
        {agent && authWarning && (
          <p role="status" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            {authWarning} See the README’s “Deploying”.
          </p>
        )}
        <div id="main">{children}</div>
      </body>
    </html>
  );
}
