import type { CampaignChart as Chart } from "@/lib/campaigns/campaign-chart";
import { toneFills, toneSwatches } from "./campaign-tones";

/** The drawing's own units: the SVG stretches to its box (preserveAspectRatio none), so it holds no text. */
const width = 1000;
const height = 300;
const gap = 0.18;

/**
 * Shares per bucket, stacked by campaign: a server-rendered SVG of links (no script, no chart
 * library). Each segment is a link to the inbox filtered to its campaign and days, focusable, named
 * with its values (aria-label, and a <title> tooltip on hover); axis labels are HTML beside it, so
 * they keep their size at any width. The same numbers follow as a table for screen readers.
 */
export function CampaignChart({ chart, caption }: { chart: Chart; caption: string }) {
  const slot = width / Math.max(chart.bars.length, 1);
  const barWidth = slot * (1 - gap);
  const scale = (count: number) => (count / chart.max) * height;
  const middle = chart.bars[Math.floor((chart.bars.length - 1) / 2)];
  const labelled = [chart.bars[0], chart.bars.length > 2 ? middle : undefined, chart.bars.length > 1 ? chart.bars[chart.bars.length - 1] : undefined].filter((bar) => bar !== undefined);

  return (
    <figure className="chart space-y-3" aria-labelledby="campaign-chart-caption">
      <figcaption id="campaign-chart-caption" className="text-sm text-slate-600 dark:text-slate-400">
        {caption}
      </figcaption>
      <ul aria-label="Legend" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300">
        {chart.series.map((series) => (
          <li key={series.key} className="flex min-w-0 items-center gap-1.5">
            <span aria-hidden className={`size-2.5 shrink-0 rounded-sm ${toneSwatches[series.tone]}`} />
            <bdi className={`truncate ${series.kind === "campaign" ? "font-medium" : ""}`}>{series.label}</bdi>
            <span className="text-slate-500 tabular-nums dark:text-slate-400">{series.total.toLocaleString("en")}</span>
          </li>
        ))}
      </ul>
      <div className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2">
        <div aria-hidden className="flex h-56 flex-col justify-between text-right text-xs text-slate-500 tabular-nums sm:h-64 dark:text-slate-400">
          {chart.ticks.map((tick) => (
            <span key={tick} className="-my-2 leading-4">
              {tick.toLocaleString("en")}
            </span>
          ))}
        </div>
        <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" className="h-56 w-full overflow-visible sm:h-64" role="group" aria-label="Shares per bar; each part links to those shares in the inbox">
          {[0, 0.5, 1].map((fraction) => (
            <line key={fraction} x1={0} x2={width} y1={height * fraction} y2={height * fraction} vectorEffect="non-scaling-stroke" className="stroke-slate-200 dark:stroke-slate-800" strokeWidth={1} />
          ))}
          {chart.bars.map((bar, index) => {
            let top = height;
            return (
              <g key={bar.date}>
                {bar.segments.map((segment) => {
                  const segmentHeight = scale(segment.count);
                  top -= segmentHeight;
                  return (
                    <a key={segment.series.key} href={segment.href} aria-label={segment.label} className="chart-bar">
                      <title>{segment.label}</title>
                      <rect x={index * slot + (slot - barWidth) / 2} y={top} width={barWidth} height={Math.max(segmentHeight, 0.5)} vectorEffect="non-scaling-stroke" className={toneFills[segment.series.tone]} />
                    </a>
                  );
                })}
              </g>
            );
          })}
        </svg>
        <span />
        <div aria-hidden className="mt-1 flex justify-between text-xs text-slate-500 dark:text-slate-400">
          {labelled.map((bar) => (
            <span key={bar.date}>{bar.label}</span>
          ))}
        </div>
      </div>
      {/* sr-only on a wrapper: a table keeps its content's width whatever its own, and would widen a phone's page. */}
      <div className="sr-only">
        <table>
          <caption>{caption} (as a table)</caption>
          <thead>
            <tr>
              <th scope="col">{chart.bars[0]?.date === chart.bars[0]?.end ? "Day" : "Week"}</th>
              {chart.series.map((series) => (
                <th key={series.key} scope="col">
                  {series.label}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {chart.bars.map((bar) => (
              <tr key={bar.date}>
                <th scope="row">{bar.label}</th>
                {chart.series.map((series) => (
                  <td key={series.key}>{(bar.segments.find((segment) => segment.series === series)?.count ?? 0).toLocaleString("en")}</td>
                ))}
                <td>{bar.total.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
