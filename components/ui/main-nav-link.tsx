"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { LinkPendingHint } from "./link-pending-hint";

/** Whether a page belongs to a section of the main navigation: the inbox holds the contact pages too. */
export function isCurrentSection(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/" || pathname.startsWith("/contacts/");
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** A link of the header's main navigation, marked as the current page (aria-current, underlined) while its section is shown. */
export function MainNavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const current = isCurrentSection(href, usePathname());
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`focus-ring rounded ${
        current
          ? "font-medium text-slate-900 underline decoration-emerald-600 decoration-2 underline-offset-[6px] dark:text-white dark:decoration-emerald-400"
          : "text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
      }`}
    >
      {children}
      <LinkPendingHint />
    </Link>
  );
}
