import { childOf, childrenOf, type XmlElement } from "./xml-parse";
import { cardNs } from "./xml-write";

/**
 * addressbook-query filters (RFC 6352 §10.5): prop-filters with text-match, param-filter and
 * is-not-defined, combined by `test` (anyof/allof), matched against a rendered vCard's properties.
 */
export type CardFilter = { test: "anyof" | "allof"; props: PropFilter[] };
/** `needle`: the text folded by the collation, once per query rather than once per card. */
type TextMatch = { text: string; needle: string; collation: Collation; matchType: "equals" | "contains" | "starts-with" | "ends-with"; negate: boolean };
type ParamFilter = { name: string; isNotDefined: boolean; textMatch: TextMatch | null };
type PropFilter = { name: string; test: "anyof" | "allof"; isNotDefined: boolean; textMatches: TextMatch[]; paramFilters: ParamFilter[] };
type Collation = "i;unicode-casemap" | "i;ascii-casemap" | "i;octet";

export class FilterRejected extends Error {
  constructor(
    message: string,
    /** `collation`: 403 supported-collation; otherwise 400. */
    readonly reason: "collation" | "malformed",
  ) {
    super(message);
  }
}

/**
 * Bounds on a filter: every card is matched against all of it, so its size multiplies the work of a
 * query over the whole book. Clients send a handful of filters with a short text each.
 */
export const filterLimits = { propFilters: 32, testsPerPropFilter: 16, textLength: 256 };

/** The filter of a query; a missing one matches every card (some clients send none). */
export function parseCardFilter(filter: XmlElement | undefined): CardFilter {
  if (!filter) return { test: "anyof", props: [] };
  const propFilters = childrenOf(filter, cardNs, "prop-filter");
  if (propFilters.length > filterLimits.propFilters) throw new FilterRejected(`${propFilters.length} prop-filters; at most ${filterLimits.propFilters} are accepted`, "malformed");
  return { test: testOf(filter), props: propFilters.map(parsePropFilter) };
}

function parsePropFilter(element: XmlElement): PropFilter {
  const name = element.attrs.get("name");
  if (!name) throw new FilterRejected("prop-filter needs a name", "malformed");
  const tests = childrenOf(element, cardNs, "text-match").length + childrenOf(element, cardNs, "param-filter").length;
  if (tests > filterLimits.testsPerPropFilter) throw new FilterRejected(`prop-filter ${name} has ${tests} text-match and param-filter elements; at most ${filterLimits.testsPerPropFilter} are accepted`, "malformed");
  return {
    name: name.toUpperCase(),
    test: testOf(element),
    isNotDefined: childOf(element, cardNs, "is-not-defined") !== undefined,
    textMatches: childrenOf(element, cardNs, "text-match").map(parseTextMatch),
    paramFilters: childrenOf(element, cardNs, "param-filter").map((param) => {
      const paramName = param.attrs.get("name");
      if (!paramName) throw new FilterRejected("param-filter needs a name", "malformed");
      const textMatch = childOf(param, cardNs, "text-match");
      return { name: paramName.toUpperCase(), isNotDefined: childOf(param, cardNs, "is-not-defined") !== undefined, textMatch: textMatch ? parseTextMatch(textMatch) : null };
    }),
  };
}

function parseTextMatch(element: XmlElement): TextMatch {
  const collation = element.attrs.get("collation") ?? "i;unicode-casemap";
  if (collation !== "i;unicode-casemap" && collation !== "i;ascii-casemap" && collation !== "i;octet") throw new FilterRejected(`unsupported collation ${collation}`, "collation");
  const matchType = element.attrs.get("match-type") ?? "contains";
  if (matchType !== "equals" && matchType !== "contains" && matchType !== "starts-with" && matchType !== "ends-with") throw new FilterRejected(`unknown match-type ${matchType}`, "malformed");
  const negate = element.attrs.get("negate-condition") ?? "no";
  if (negate !== "yes" && negate !== "no") throw new FilterRejected("negate-condition must be yes or no", "malformed");
  const text = element.text;
  if (text.length > filterLimits.textLength) throw new FilterRejected(`a text-match of ${text.length} characters; at most ${filterLimits.textLength} are accepted`, "malformed");
  return { text, needle: foldFor(collation, text), collation, matchType, negate: negate === "yes" };
}

/** The collations' folding (RFC 4790): none, ASCII letters upper-cased, or Unicode case-mapped. */
function foldFor(collation: Collation, text: string): string {
  return collation === "i;octet" ? text : collation === "i;ascii-casemap" ? text.replace(/[a-z]/g, (char) => char.toUpperCase()) : text.normalize("NFKD").toUpperCase();
}

function testOf(element: XmlElement): "anyof" | "allof" {
  const test = element.attrs.get("test") ?? "anyof";
  if (test !== "anyof" && test !== "allof") throw new FilterRejected(`test must be anyof or allof, not ${test}`, "malformed");
  return test;
}

/** One property of a vCard: name (without group), parameters, value unescaped. */
type CardProperty = { name: string; params: Map<string, string[]>; value: string };

export function matchesFilter(filter: CardFilter, vcard: string): boolean {
  if (filter.props.length === 0) return true;
  const properties = parseVcardProperties(vcard);
  const results = filter.props.map((prop) => matchesPropFilter(prop, properties));
  return filter.test === "allof" ? results.every(Boolean) : results.some(Boolean);
}

function matchesPropFilter(filter: PropFilter, properties: CardProperty[]): boolean {
  const instances = properties.filter((property) => property.name === filter.name);
  if (filter.isNotDefined) return instances.length === 0;
  if (instances.length === 0) return false;
  const tests = [
    ...filter.textMatches.map((match) => instances.some((instance) => textMatches(match, instance.value))),
    ...filter.paramFilters.map((param) => instances.some((instance) => matchesParamFilter(param, instance))),
  ];
  if (tests.length === 0) return true;
  return filter.test === "allof" ? tests.every(Boolean) : tests.some(Boolean);
}

function matchesParamFilter(filter: ParamFilter, property: CardProperty): boolean {
  const values = property.params.get(filter.name);
  if (filter.isNotDefined) return values === undefined;
  if (values === undefined) return false;
  return filter.textMatch === null || values.some((value) => textMatches(filter.textMatch!, value));
}

/** True when the value matches; with negate-condition, when it does not (per instance: "any instance that does not match"). */
function textMatches(match: TextMatch, value: string): boolean {
  const haystack = foldFor(match.collation, value);
  const { needle } = match;
  const hit =
    match.matchType === "equals" ? haystack === needle : match.matchType === "starts-with" ? haystack.startsWith(needle) : match.matchType === "ends-with" ? haystack.endsWith(needle) : haystack.includes(needle);
  return match.negate ? !hit : hit;
}

/** Unfolds and splits a vCard into properties (enough for matching: the renderer's own output). */
export function parseVcardProperties(vcard: string): CardProperty[] {
  const lines = vcard.replace(/\r\n[ \t]/g, "").split(/\r\n|\n/);
  const properties: CardProperty[] = [];
  for (const line of lines) {
    const colon = colonOf(line);
    if (colon < 0) continue;
    const [rawName, ...rawParams] = splitParams(line.slice(0, colon));
    const name = rawName!.replace(/^[^.]*\./, "").toUpperCase();
    if (name === "BEGIN" || name === "END" || name === "VERSION") continue;
    const params = new Map<string, string[]>();
    for (const param of rawParams) {
      const equals = param.indexOf("=");
      const key = (equals < 0 ? "TYPE" : param.slice(0, equals)).toUpperCase();
      const values = (equals < 0 ? param : param.slice(equals + 1)).split(",").map((value) => value.replace(/^"|"$/g, ""));
      params.set(key, [...(params.get(key) ?? []), ...values]);
    }
    properties.push({ name, params, value: unescapeValue(line.slice(colon + 1)) });
  }
  return properties;
}

/** The colon that ends the name and parameters (not one inside a quoted parameter value). */
function colonOf(line: string): number {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '"') quoted = !quoted;
    else if (char === ":" && !quoted) return index;
  }
  return -1;
}

function splitParams(head: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of head) {
    if (char === '"') quoted = !quoted;
    if (char === ";" && !quoted) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function unescapeValue(value: string): string {
  return value.replace(/\\([\\,;nN])/g, (_whole, char: string) => (char === "n" || char === "N" ? "\n" : char));
}
