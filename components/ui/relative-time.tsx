"use client";

import { useEffect, useState } from "react";
import { exactText, fullText, relativeText, utcText } from "./relative-time-format";

type RelativeTimeProps = {
  iso: string;
  className?: string;
  /** Also show the exact date and time, in the agent's own time zone, after the relative one. */
  showExact?: boolean;
};

/**
 * "3 hours ago", with the exact time in the agent's own time zone on hover (or beside it, with
 * `showExact`). The server renders the UTC date; the browser replaces it with the relative form
 * once it knows the agent's clock and zone. For a time repeated down a page (every card), use
 * `RelativeTimePlain` and one `RelativeTimeHandler` instead: no client component per time.
 */
export function RelativeTime({ iso, className = "", showExact = false }: RelativeTimeProps) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const time = Date.parse(iso);
  const exactUtc = utcText(iso);
  const element = (
    <time dateTime={iso} title={now === null ? exactUtc : fullText(time)} className={`whitespace-nowrap ${className}`} suppressHydrationWarning>
      {now === null ? iso.slice(0, 10) : relativeText(time, now)}
    </time>
  );
  if (!showExact) return element;
  return (
    <span className="inline-flex flex-wrap gap-x-1.5">
      {element}
      <span className="text-slate-500 tabular-nums dark:text-slate-400" suppressHydrationWarning>
        {now === null ? exactUtc : exactText(time)}
      </span>
    </span>
  );
}
