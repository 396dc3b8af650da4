import type { z } from "zod";
import type { InputIssue } from "./normalized";

/** Turns zod issues into `{path, message}` pairs whose path names the offending field, e.g. `entry[0].changes`. */
export function toInputIssues(error: z.ZodError, basePath: PropertyKey[] = []): InputIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...basePath, ...issue.path]),
    message: issue.message,
  }));
}

export function formatPath(path: readonly PropertyKey[]): string {
  let formatted = "";
  for (const segment of path) {
    if (typeof segment === "number") formatted += `[${segment}]`;
    else formatted += formatted === "" ? String(segment) : `.${String(segment)}`;
  }
  return formatted === "" ? "(root)" : formatted;
}
