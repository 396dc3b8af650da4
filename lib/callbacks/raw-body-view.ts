/**
 * How a stored callback body is shown to people. Bodies come from outside, so every view of one
 * costs at most O(its size) and embeds at most a fixed number of characters, however it is shaped.
 */

/**
 * A one-line glimpse for lists, from the start of a body: the values an agent tells deliveries apart
 * by (message ids, trace_id, ref) when they are there, else the text itself, whitespace collapsed.
 * At most `maxChars` characters either way.
 */
export function bodyPreview(start: string, maxChars = 160): string {
  const head = start.slice(0, 8192);
  const found: string[] = [];
  for (const match of head.matchAll(/"(id|trace_id|ref|ref1|ref2)"\s*:\s*"([^"\\]{1,120})"/g)) {
    const entry = `${match[1]} ${match[2]}`;
    if (!found.includes(entry)) found.push(entry);
  }
  const line = found.length ? found.join(" · ") : head.slice(0, maxChars * 4).replace(/\s+/g, " ").trim();
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}

export type BodyView = { text: string; format: "pretty" | "raw"; truncated: boolean; totalChars: number };

/** What one view of a body may hold. */
export const maxBodyViewChars = 256 * 1024;

/**
 * The body indented for reading when it is JSON and indenting does not grow it much; else exactly as
 * received (an 8 KB body nested 3,800 deep would indent to 58 MB). Either way cut at `maxChars`.
 * Indenting works on the text itself, so numbers, escapes and key order stay as the sender wrote them.
 */
export function bodyView(raw: string, maxChars = maxBodyViewChars): BodyView {
  const pretty = isJson(raw) ? indentJson(raw, raw.length * 2 + 1024) : null;
  const text = pretty ?? raw;
  const truncated = text.length > maxChars;
  return { text: truncated ? text.slice(0, maxChars) : text, format: pretty === null ? "raw" : "pretty", truncated, totalChars: text.length };
}

function isJson(raw: string): boolean {
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}

/** Valid JSON text re-indented by two spaces; null as soon as the result would pass `budget` characters. */
export function indentJson(raw: string, budget: number): string | null {
  const parts: string[] = [];
  let length = 0;
  let depth = 0;
  const push = (text: string) => {
    parts.push(text);
    length += text.length;
    return length <= budget;
  };
  const newline = () => push(`\n${"  ".repeat(depth)}`);
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index]!;
    if (char === '"') {
      const end = endOfString(raw, index);
      if (!push(raw.slice(index, end + 1))) return null;
      index = end;
    } else if (char === "{" || char === "[") {
      const close = char === "{" ? "}" : "]";
      const next = nextSignificant(raw, index + 1);
      if (raw[next] === close) {
        if (!push(char + close)) return null;
        index = next;
      } else {
        depth += 1;
        if (!push(char) || !newline()) return null;
      }
    } else if (char === "}" || char === "]") {
      depth -= 1;
      if (!newline() || !push(char)) return null;
    } else if (char === ",") {
      if (!push(",") || !newline()) return null;
    } else if (char === ":") {
      if (!push(": ")) return null;
    } else if (char !== " " && char !== "\t" && char !== "\n" && char !== "\r") {
      if (!push(char)) return null;
    }
  }
  return parts.join("");
}

function endOfString(raw: string, start: number): number {
  for (let index = start + 1; index < raw.length; index++) {
    if (raw[index] === "\\") index += 1;
    else if (raw[index] === '"') return index;
  }
  return raw.length - 1;
}

function nextSignificant(raw: string, from: number): number {
  let index = from;
  while (index < raw.length && /\s/.test(raw[index]!)) index += 1;
  return index;
}
