/** How `RelativeTime` and `RelativeTimeHandler` write a moment in the agent's own clock and zone. */

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 hours ago", "yesterday", "just now". */
export function relativeText(time: number, now: number): string {
  const seconds = Math.round((time - now) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeFormat().format(Math.trunc(seconds / size), unit);
  }
  return "just now";
}

/** The exact moment for a tooltip: "Thursday, November 26, 2026 at 9:41:07 AM GMT+1". */
export function fullText(time: number): string {
  return fullFormat().format(time);
}

/** "Nov 26, 2026, 9:41:07 AM GMT+1": seconds, because agents match it against logs and provider consoles. */
export function exactText(time: number): string {
  return exactFormat().format(time);
}

/** What the server writes before the browser knows the agent's zone: "2026-11-26 08:41 UTC". */
export function utcText(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

// Made once per page, not per timestamp: an Intl formatter costs more to build than to use.
let relative: Intl.RelativeTimeFormat | undefined;
let full: Intl.DateTimeFormat | undefined;
let exact: Intl.DateTimeFormat | undefined;
const relativeFormat = () => (relative ??= new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }));
const fullFormat = () => (full ??= new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" }));
const exactFormat = () => (exact ??= new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit", timeZoneName: "short" }));
