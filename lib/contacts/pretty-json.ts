/**
 * The raw callback, indented for reading. A body nested too deeply to re-serialize (it was only
 * ever stored as text) is shown as received rather than crashing the page.
 */
export function prettyJson(rawText: string): string {
  try {
    return JSON.stringify(JSON.parse(rawText), null, 2);
  } catch {
    return rawText;
  }
}
