/*
 * What every CSV export shares: RFC 4180 lines, and cells a spreadsheet cannot run as formulas.
 *
 * Excel opens a .csv with the list separator of the computer's locale: "," in some, ";" in most of
 * Europe, and a tab when text is pasted. In those views a cell starts wherever that separator
 * appears, also in the middle of one of our values: `Ann;=WEBSERVICE(…)` opened in a German Excel
 * is the cells `Ann` and `=WEBSERVICE(…)`. So a cell holding any of these separators is quoted,
 * which keeps it whole where the quote opens the cell, and formulas are defused wherever a cell can
 * start: at the beginning and right after each separator, since quoting alone does not protect a
 * cell that the foreign separator starts in the middle of a quoted one.
 */

/** Makes Excel read the file as UTF-8 (Google Contacts' and Outlook's importers read it too). */
export const csvBom = "\uFEFF";

export const csvContentType = "text/csv; charset=utf-8; header=present";

/** RFC 4180: one line of cells; a cell with a quote, a separator of any locale or a line break is quoted, its quotes doubled. */
export function toCsvLine(cells: readonly string[]): string {
  return `${cells.map((cell) => (/[",;\t\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(",")}\r\n`;
}

export type DefuseOptions = {
  /**
   * Leave alone a cell part that is only a number (digits, spaces, + - ( ) . /) such as
   * "+34 612 34 56 78": arithmetic at most, nothing a formula could run or send. Files meant for
   * Google Contacts and Outlook need this: their importers take a cell as it is, and a leading
   * apostrophe would be imported into every international phone number.
   */
  keepNumbers?: boolean;
};

/**
 * OWASP's CSV-injection defence: a cell (or, after a separator, the rest of it) that starts with
 * = + - @ gets a leading apostrophe, which spreadsheets read as "this is text"; so does a cell that
 * starts with a tab or line break, which some readers strip before looking for a formula.
 */
export function defuseFormulas(value: string, options: DefuseOptions = {}): string {
  let text = "";
  for (let index = 0; index < value.length; index++) {
    const char = value[index]!;
    const startsCell = index === 0 || separators.has(value[index - 1]!);
    const risky = formulaStarts.has(char) || (index === 0 && separators.has(char) && char !== "," && char !== ";");
    if (startsCell && risky && !(options.keepNumbers && isNumberOnly(partFrom(value, index)))) text += "'";
    text += char;
  }
  return text;
}

const formulaStarts = new Set(["=", "+", "-", "@"]);
const separators = new Set([",", ";", "\t", "\r", "\n"]);

/** The part of a cell from `start` to the next separator: what a foreign-locale view shows as one cell. */
function partFrom(value: string, start: number): string {
  let end = start;
  while (end < value.length && !separators.has(value[end]!)) end++;
  return value.slice(start, end);
}

function isNumberOnly(part: string): boolean {
  return /^[+-]?[\d\s().\/-]*\d[\d\s().\/-]*$/.test(part);
}
