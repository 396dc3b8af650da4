/**
 * Writing WebDAV XML by hand: every answer is a fixed shape, so strings with escaping are enough.
 * The root declares the namespaces the app uses (d: DAV:, card: CardDAV, cs: CalendarServer);
 * an element in any other namespace (an unknown property a client asked for) declares its own.
 */

export const davNs = "DAV:";
export const cardNs = "urn:ietf:params:xml:ns:carddav";
export const calendarServerNs = "http://calendarserver.org/ns/";

const prefixes = new Map([
  [davNs, "d"],
  [cardNs, "card"],
  [calendarServerNs, "cs"],
]);

export const xmlHeader = '<?xml version="1.0" encoding="utf-8"?>\n';
export const multistatusOpen = `${xmlHeader}<d:multistatus xmlns:d="DAV:" xmlns:card="${cardNs}" xmlns:cs="${calendarServerNs}">\n`;
export const multistatusClose = "</d:multistatus>\n";

/** Text and attribute values: & < > " escaped, and CR as &#13; so a vCard's CRLF survives XML parsing. Characters XML 1.0 cannot carry are dropped. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (char) => {
    switch (char) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
      case "\r":
        return "&#13;";
      default:
        return "";
    }
  });
}

/** `{ns}name` → a start and end tag: the known namespaces by prefix, any other with its own declaration. */
export function tagOf(ns: string, name: string): { open: string; close: string; empty: string } {
  const prefix = prefixes.get(ns);
  if (prefix) return { open: `<${prefix}:${name}>`, close: `</${prefix}:${name}>`, empty: `<${prefix}:${name}/>` };
  const safeName = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) ? name : "unknown";
  const declaration = ` xmlns:x="${escapeXml(ns)}"`;
  if (ns === "") return { open: `<${safeName} xmlns="">`, close: `</${safeName}>`, empty: `<${safeName} xmlns=""/>` };
  return { open: `<x:${safeName}${declaration}>`, close: `</x:${safeName}>`, empty: `<x:${safeName}${declaration}/>` };
}

/** An element with already-written XML inside (or empty). */
export function element(ns: string, name: string, innerXml = ""): string {
  const tag = tagOf(ns, name);
  return innerXml === "" ? tag.empty : `${tag.open}${innerXml}${tag.close}`;
}

/** `<d:href>` of an absolute path, escaped. */
export function hrefXml(path: string): string {
  return `<d:href>${escapeXml(path)}</d:href>`;
}

/** A `DAV:error` body with one precondition element (already written). */
export function errorBody(conditionXml: string): string {
  return `${xmlHeader}<d:error xmlns:d="DAV:" xmlns:card="${cardNs}">${conditionXml}</d:error>\n`;
}
