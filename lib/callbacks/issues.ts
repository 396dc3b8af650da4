import type { z } from "zod";
import type { InputIssue } from "./normalized";

/** Turns zod issues into `{path, message}` pairs whose path names the offending field, e.g. `entry[0].changes`. */
export function toInputIssues(error: z.ZodError, basePath: PropertyKey[] = []): InputIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...basePath, ...issue.path]),
    message: issue.message,
    // A list or text past its limit is "too large" (413), not malformed (400).
    ...(issue.code === "too_big" ? { exceedsLimit: true } : {}),
  }));
}

/** Answered with at most this many issues (the rest are counted): a body with 300,000 bad cards must not get 300,000 lines back. */
export const maxReportedIssues = 20;

/** The issues to report, plain `{path, message}`, with a last line counting the ones left out. */
export function reportableIssues(issues: InputIssue[]): InputIssue[] {
  const shown = issues.slice(0, maxReportedIssues).map(({ path, message }) => ({ path, message }));
  const more = issues.length - shown.length;
  return more > 0 ? [...shown, { path: "(more)", message: `${more} more issue(s) not listed` }] : shown;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let formatted = "";
  for (const segment of path) {
    if (typeof segment === "number") formatted += `[${segment}]`;
    else formatted += formatted === "" ? String(segment) : `.${String(segment)}`;
  }
  return formatted === "" ? "(root)" : formatted;
}
