import type { Metadata, Viewport } from "next";
import Link from "next/link";
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

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3 sm:px-6">
            <Link href="/" className="focus-ring flex items-center gap-2 rounded font-semibold">
              <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-md bg-emerald-700 text-sm text-white">CI</span>
              Contact Inbox
            </Link>
            <nav aria-label="Main" className="flex gap-4 text-sm">
              <Link href="/" className="focus-ring rounded text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                Inbox
              </Link>
              <Link href="/deliveries" className="focus-ring rounded text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                Deliveries
              </Link>
            </nav>
          </div>
        </header>
        <div id="main">{children}</div>
      </body>
    </html>
  );
}
