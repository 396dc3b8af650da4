/**
 * A strict, small XML parser for WebDAV request bodies (PROPFIND, REPORT): namespaces resolved,
 * nothing fetched or expanded. A DOCTYPE is refused outright (RFC 4918 §16 `no-external-entities`),
 * so neither an external entity (XXE) nor an internal one ("billion laughs") is ever read; only the
 * five predefined entities and character references are decoded. Bounded in depth and elements.
 * No dependency: the bodies clients send are small and simple, and the library choices either did
 * not resolve namespaces or would have been a new dependency.
 */

export type XmlElement = {
  /** Namespace URI ("" for none) and local name: `{DAV:}prop` is { ns: "DAV:", name: "prop" }. */
  ns: string;
  name: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  /** The element's own character data (not its children's), entities decoded. */
  text: string;
};

export class XmlRejected extends Error {
  constructor(
    message: string,
    /** `doctype`: the body declared a DOCTYPE (entities); `malformed`: anything else. */
    readonly reason: "doctype" | "malformed" | "too-large",
  ) {
    super(message);
  }
}

/**
 * Bounds that keep parsing linear in the body: depth, elements, and attributes on one element
 * (namespace declarations included; WebDAV elements carry a few).
 */
export type XmlLimits = { maxDepth: number; maxElements: number; maxAttributes: number };

const defaultLimits: XmlLimits = { maxDepth: 64, maxElements: 250_000, maxAttributes: 64 };

/**
 * The namespace prefixes in scope: an element's own declarations over its parent's, looked up
 * through the chain (at most maxDepth long) rather than copied for every element that declares one.
 */
type Scope = { own: Map<string, string> | null; parent: Scope | null };

function lookup(scope: Scope | null, prefix: string): string | undefined {
  for (let current = scope; current; current = current.parent) {
    const ns = current.own?.get(prefix);
    if (ns !== undefined) return ns;
  }
  return undefined;
}
const nameChar = /[A-Za-z0-9_.:\u00B7\u00C0-\uFFFF-]/;
const predefined: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function parseXml(source: string, limits: XmlLimits = defaultLimits): XmlElement {
  let index = 0;
  let elements = 0;
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const fail = (message: string): never => {
    throw new XmlRejected(`${message} at offset ${index}`, "malformed");
  };

  const skipSpace = () => {
    while (index < text.length && /\s/.test(text[index]!)) index++;
  };
  const readName = (): string => {
    const start = index;
    while (index < text.length && nameChar.test(text[index]!)) index++;
    if (index === start) fail("expected a name");
    return text.slice(start, index);
  };
  const decode = (raw: string): string =>
    raw.indexOf("&") === -1
      ? raw
      : raw.replace(/&([^;&]{0,32});?/g, (whole, body: string) => {
          if (!whole.endsWith(";")) fail("unterminated entity reference");
          if (body.startsWith("#x") || body.startsWith("#X")) return codePoint(parseInt(body.slice(2), 16), body);
          if (body.startsWith("#")) return codePoint(Number(body.slice(1)), body);
          const value = predefined[body];
          if (value === undefined) fail(`undefined entity &${body};`);
          return value!;
        });
  const codePoint = (code: number, body: string): string => {
    if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || !/^#(x[0-9a-f]+|\d+)$/i.test(body)) fail(`bad character reference &${body};`);
    return String.fromCodePoint(code);
  };
  /** Comments, processing instructions and (refused) DOCTYPEs between elements. */
  const skipMisc = (allowDoctype: boolean) => {
    for (;;) {
      skipSpace();
      if (text.startsWith("<!--", index)) {
        const end = text.indexOf("-->", index + 4);
        if (end === -1) fail("unterminated comment");
        index = end + 3;
      } else if (text.startsWith("<?", index)) {
        const end = text.indexOf("?>", index + 2);
        if (end === -1) fail("unterminated processing instruction");
        index = end + 2;
      } else if (text.startsWith("<!DOCTYPE", index) || text.startsWith("<!doctype", index)) {
        if (allowDoctype) throw new XmlRejected("a DOCTYPE (and with it any entity declaration) is not accepted", "doctype");
        fail("misplaced DOCTYPE");
      } else return;
    }
  };

  type Open = { element: XmlElement; qname: string; scope: Scope; text: string[] };

  const parseElement = (parentScope: Scope, depth: number): XmlElement => {
    if (depth > limits.maxDepth) throw new XmlRejected("the XML is nested too deeply", "too-large");
    if (++elements > limits.maxElements) throw new XmlRejected("the XML has too many elements", "too-large");
    if (text[index] !== "<") fail("expected an element");
    index++;
    const qname = readName();
    const rawAttrs: [string, string][] = [];
    const attrNames = new Set<string>();
    for (;;) {
      const before = index;
      skipSpace();
      if (text.startsWith("/>", index) || text[index] === ">") break;
      if (index === before) fail("expected whitespace before an attribute");
      const attrName = readName();
      skipSpace();
      if (text[index] !== "=") fail("expected = after an attribute name");
      index++;
      skipSpace();
      const quote = text[index];
      if (quote !== '"' && quote !== "'") fail("expected a quoted attribute value");
      const end = text.indexOf(quote!, index + 1);
      if (end === -1) fail("unterminated attribute value");
      const value = text.slice(index + 1, end);
      if (value.includes("<")) fail("< in an attribute value");
      if (attrNames.has(attrName)) fail(`duplicate attribute ${attrName}`);
      if (attrNames.size >= limits.maxAttributes) throw new XmlRejected(`an element has more than ${limits.maxAttributes} attributes`, "too-large");
      attrNames.add(attrName);
      rawAttrs.push([attrName, decode(value)]);
      index = end + 1;
    }
    let own: Map<string, string> | null = null;
    for (const [name, value] of rawAttrs) {
      if (name === "xmlns" || name.startsWith("xmlns:")) (own ??= new Map()).set(name === "xmlns" ? "" : name.slice(6), value);
    }
    const scope: Scope = own ? { own, parent: parentScope } : parentScope;
    const resolve = (qualified: string, isAttribute: boolean): { ns: string; name: string } => {
      const colon = qualified.indexOf(":");
      if (colon === -1) return { ns: isAttribute ? "" : (lookup(scope, "") ?? ""), name: qualified };
      const prefix = qualified.slice(0, colon);
      const ns = prefix === "xml" ? "http://www.w3.org/XML/1998/namespace" : lookup(scope, prefix);
      if (ns === undefined || ns === "") fail(`unbound namespace prefix ${prefix}`);
      return { ns: ns!, name: qualified.slice(colon + 1) };
    };
    const resolved = resolve(qname, false);
    const attrs = new Map<string, string>();
    for (const [name, value] of rawAttrs) if (name !== "xmlns" && !name.startsWith("xmlns:")) attrs.set(resolve(name, true).name, value);
    const element: XmlElement = { ns: resolved.ns, name: resolved.name, attrs, children: [], text: "" };
    if (text.startsWith("/>", index)) {
      index += 2;
      return element;
    }
    index++;
    const open: Open = { element, qname, scope, text: [] };
    for (;;) {
      const next = text.indexOf("<", index);
      if (next === -1) fail(`unclosed element ${qname}`);
      if (next > index) open.text.push(decode(text.slice(index, next)));
      index = next;
      if (text.startsWith("</", index)) {
        index += 2;
        const closing = readName();
        if (closing !== qname) fail(`</${closing}> closes <${qname}>`);
        skipSpace();
        if (text[index] !== ">") fail("expected >");
        index++;
        element.text = open.text.join("");
        return element;
      }
      if (text.startsWith("<!--", index) || text.startsWith("<?", index)) {
        skipMisc(false);
        continue;
      }
      if (text.startsWith("<![CDATA[", index)) {
        const end = text.indexOf("]]>", index + 9);
        if (end === -1) fail("unterminated CDATA section");
        open.text.push(text.slice(index + 9, end));
        index = end + 3;
        continue;
      }
      if (text.startsWith("<!", index)) fail("unexpected declaration");
      element.children.push(parseElement(scope, depth + 1));
    }
  };

  skipMisc(true);
  if (index >= text.length) fail("no root element");
  const root = parseElement({ own: null, parent: null }, 1);
  skipMisc(false);
  if (index < text.length) fail("content after the root element");
  return root;
}

/** The first child named {ns}name. */
export function childOf(element: XmlElement, ns: string, name: string): XmlElement | undefined {
  return element.children.find((child) => child.ns === ns && child.name === name);
}

export function childrenOf(element: XmlElement, ns: string, name: string): XmlElement[] {
  return element.children.filter((child) => child.ns === ns && child.name === name);
}
