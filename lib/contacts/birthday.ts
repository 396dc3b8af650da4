/**
 * A shared contact's birthday as phones send it: `yyyy-mm-dd`, `yyyymmdd`, or `--mm-dd` / `--mmdd`
 * without a year. Anything else (a month 13, "March 9th", a date with text after it) is not a date:
 * the writers keep it as text (vCard 4.0's BDAY;VALUE=text, a note elsewhere).
 */
export type CalendarBirthday = { year: string | null; month: string; day: string };

export function parseBirthday(birthday: string | null | undefined): CalendarBirthday | null {
  const match = /^(?:(\d{4})|--)-?(\d{2})-?(\d{2})$/.exec(birthday?.trim() ?? "");
  if (!match) return null;
  const [, year, month, day] = match as unknown as [string, string | undefined, string, string];
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return null;
  return { year: year ?? null, month, day };
}
