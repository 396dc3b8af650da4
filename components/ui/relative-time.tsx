"use client";

import { useEffect, useState } from "react";

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

type RelativeTimeProps = {
  iso: string;
  className?: string;
  /** Also show the exact date and time, in the agent's own time zone, after the relative one. */
  showExact?: boolean;
};

/**
 * "3 hours ago", with the exact time in the agent's own time zone on hover (or beside it, with
 * `showExact`). The server renders the UTC date; the browser replaces it with the relative form
 * once it knows the agent's clock and zone.
 */
export function RelativeTime({ iso, className = "", showExact = false }: RelativeTimeProps) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const date = new Date(iso);
  const exactUtc = `${iso.slice(0, 16).replace("T", " ")} UTC`;
  const exact = now === null ? exactUtc : new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" }).format(date);
  const time = (
    <time dateTime={iso} title={exact} className={`whitespace-nowrap ${className}`} suppressHydrationWarning>
      {now === null ? iso.slice(0, 10) : relative(date.getTime(), now)}
    </time>
  );
  if (!showExact) return time;
  return (
    <span className="inline-flex flex-wrap gap-x-1.5">
      {time}
      <span className="text-slate-500 tabular-nums dark:text-slate-400" suppressHydrationWarning>
        {now === null ? exactUtc : new Intl.DateTimeFormat(undefined, exactFormat).format(date)}
      </span>
    </span>
  );
}

/** "Nov 26, 2026, 9:41:07 AM GMT+1": seconds, because agents match it against logs and provider consoles. */
const exactFormat: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit", timeZoneName: "short" };

function relative(time: number, now: number): string {
  const seconds = Math.round((time - now) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return "just now";
}
