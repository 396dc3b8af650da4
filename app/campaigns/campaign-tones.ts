/**
 * One colour per stack, as fill (chart) and background (legend) classes: mid tones that keep a 3:1
 * contrast against the page in light and dark mode, told apart by hue and by lightness, so the
 * order of the stack still reads without colour vision; "other" is a mid grey and "no campaign" the
 * faintest, so neither outshines the campaigns (a bright grey did in dark mode).
 */
export const toneFills = [
  "fill-emerald-600 dark:fill-emerald-400",
  "fill-sky-600 dark:fill-sky-400",
  "fill-amber-500 dark:fill-amber-300",
  "fill-violet-600 dark:fill-violet-400",
  "fill-rose-600 dark:fill-rose-400",
  "fill-slate-500 dark:fill-slate-500",
  "fill-slate-300 dark:fill-slate-700",
];

export const toneSwatches = [
  "bg-emerald-600 dark:bg-emerald-400",
  "bg-sky-600 dark:bg-sky-400",
  "bg-amber-500 dark:bg-amber-300",
  "bg-violet-600 dark:bg-violet-400",
  "bg-rose-600 dark:bg-rose-400",
  "bg-slate-500 dark:bg-slate-500",
  "bg-slate-300 dark:bg-slate-700",
];
