import { z } from "zod";
import type { InputIssue } from "@/lib/callbacks/normalized";
import { toInputIssues } from "@/lib/callbacks/issues";
import type { ContactItem } from "@/lib/contacts/contact-item";
import { csvHeader, csvRow } from "./csv";
import { googleCsvHeader, googleCsvRow } from "./csv-google";
import { outlookCsvHeader, outlookCsvRow } from "./csv-outlook";

export const csvFormats = ["spreadsheet", "google", "outlook"] as const;

export type CsvFormat = (typeof csvFormats)[number];

/** Each CSV an export can write: its header line, one line per contact, and what its file name ends with. */
export const csvWriters: Record<CsvFormat, { header: () => string; row: (item: ContactItem) => string; fileSuffix: string }> = {
  spreadsheet: { header: csvHeader, row: csvRow, fileSuffix: "" },
  google: { header: googleCsvHeader, row: googleCsvRow, fileSuffix: "-google" },
  outlook: { header: outlookCsvHeader, row: outlookCsvRow, fileSuffix: "-outlook" },
};

const csvFormatSchema = z
  .enum(csvFormats, { error: `must be one of ${csvFormats.map((format) => `"${format}"`).join(", ")}` })
  .optional()
  .transform((format) => format ?? "spreadsheet");

/** `?format=` of a CSV download: spreadsheet (the default: every field, for Excel and the like), google or outlook. */
export function csvFormatOf(params: URLSearchParams): { ok: true; format: CsvFormat } | { ok: false; issues: InputIssue[] } {
  const parsed = csvFormatSchema.safeParse(params.get("format") || undefined);
  return parsed.success ? { ok: true, format: parsed.data } : { ok: false, issues: toInputIssues(parsed.error, ["format"]) };
}
