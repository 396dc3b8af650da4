/** A campaign's shares per bucket as a small line (decoration: the numbers are in the chart's table). */
export function CampaignTrend({ values }: { values: number[] }) {
  const width = 80;
  const height = 20;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((value, index) => `${(index * step).toFixed(1)},${(height - 1 - (value / max) * (height - 2)).toFixed(1)}`).join(" ");
  return (
    <svg aria-hidden viewBox={`0 0 ${width} ${height}`} className="h-5 w-20 overflow-visible text-emerald-600 dark:text-emerald-400">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
