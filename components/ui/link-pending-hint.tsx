"use client";

import { useLinkStatus } from "next/link";

/**
 * Inside a `<Link>`: a small pulsing dot while the navigation it started is under way. Pages render
 * whole on the server (no loading skeleton is streamed first: it cost every inbox answer a second
 * render), so this is what shows a click was taken until the next page arrives.
 */
export function LinkPendingHint() {
  const { pending } = useLinkStatus();
  return <span aria-hidden className={pending ? "link-pending" : "hidden"} />;
}
