/**
 * U+0000 (NUL) in text: PostgreSQL's text and jsonb cannot hold it, and it means nothing in a
 * contact. Both engines therefore store and compare it as U+FFFD (the replacement character), so a
 * stray NUL in a callback, a filter or a form is kept visibly and never turns into a server error.
 */
export const nulReplacement = "\uFFFD";

export function withoutNul(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", nulReplacement) : text;
}

/** The same for every string and object key inside a JSON value (a parsed callback, a query parameter). */
export function jsonWithoutNul(value: unknown): unknown {
  if (typeof value === "string") return withoutNul(value);
  if (Array.isArray(value)) return value.map(jsonWithoutNul);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNul(key), jsonWithoutNul(item)]));
  }
  return value;
}
