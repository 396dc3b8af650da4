import { utcText } from "./relative-time-format";

/**
 * A `RelativeTime` with no JavaScript of its own, for times repeated down a page (every card): the
 * server writes the UTC date, and the page's one `RelativeTimeHandler` turns each `time[data-relative]`
 * into "3 hours ago" with the exact time in the agent's zone on hover, and keeps them current.
 */
export function RelativeTimePlain({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} data-relative="" title={utcText(iso)} className="whitespace-nowrap" suppressHydrationWarning>
      {iso.slice(0, 10)}
    </time>
  );
}
