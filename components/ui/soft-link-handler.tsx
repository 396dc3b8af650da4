"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Client-side navigation for the plain `<a>` links of a page's cards, from one click handler:
 * a `next/link` per link would be a client component per card (its props sent twice, each one
 * hydrated), and each would prefetch its page when it scrolls into view, dozens of requests per
 * inbox view. Page links (a path on this site, not /api/, no `download` or `target`) clicked
 * without a modifier key go through the router; anything else is left to the browser, and without
 * JavaScript every link still works. Render it once on a page.
 */
export function SoftLinkHandler() {
  const router = useRouter();
  useEffect(() => {
    function onClick(event: MouseEvent) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[href]") : null;
      const href = link?.getAttribute("href");
      if (!link || !href || !isPagePath(href) || link.hasAttribute("download") || (link.target && link.target !== "_self")) return;
      event.preventDefault();
      router.push(href);
    }
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [router]);
  return null;
}

/** "/contacts/12", "/?campaign=x": a page of this site (not "//host", not an API route). */
function isPagePath(href: string): boolean {
  return href.startsWith("/") && !href.startsWith("//") && !href.startsWith("/api/") && !href.startsWith("/_next/");
}
