import { toContactItem } from "@/lib/contacts/contact-item";
import { renderVcard, vcardContentType } from "@/lib/contacts/vcard";
import type { Agent } from "@/lib/model/accounts";
import type { DavBook } from "@/lib/model/carddav";
import type { ContactShare } from "@/lib/model/contact-share";
import { cardEtag } from "./card-version";
import { pathOf, type DavResource } from "./paths";
import { plainResponse, propResponse } from "./responses";
import type { XmlElement } from "./xml-parse";
import { calendarServerNs, cardNs, davNs, element, escapeXml, hrefXml, tagOf } from "./xml-write";

/** A property a client names: `{ns}name`. */
export type PropName = { ns: string; name: string };

/** What a PROPFIND or REPORT asks for: named properties, every "live" one (allprop), or the names only. */
export type PropRequest = { kind: "prop"; names: PropName[] } | { kind: "allprop" } | { kind: "propname" };

/**
 * The most distinct properties one PROPFIND or REPORT may ask for. Every answer repeats them for each
 * card, so a request naming thousands would multiply the answer by as many; clients ask for under 20.
 */
export const maxRequestedProps = 64;

/** The properties a DAV:prop element names, each once however often it is named. */
export function propNamesOf(prop: XmlElement): PropName[] {
  const names = new Map<string, PropName>();
  for (const child of prop.children) names.set(`{${child.ns}}${child.name}`, { ns: child.ns, name: child.name });
  return [...names.values()];
}

/** A 400 naming the problem when a request asks for more properties than are answered; null otherwise. */
export function tooManyProps(request: PropRequest): Response | null {
  if (request.kind !== "prop" || request.names.length <= maxRequestedProps) return null;
  return plainResponse(400, `The request asks for ${request.names.length} different properties; at most ${maxRequestedProps} are answered`);
}

/** What the properties of one request are computed from: who asks, and the sync token of this moment (the same in every book). */
export type PropContext = { agent: Agent; syncToken: string };

/** A resource with what its properties need: a card comes with its share row when one was read. */
export type PropTarget = Exclude<DavResource, { kind: "card" }> | { kind: "card"; agentId: number; book: DavBook; shareId: number; share: ContactShare | null };

type Provider = (target: PropTarget, context: PropContext) => string | undefined;

const privileges = "<d:privilege><d:read/></d:privilege>";
const principalHref = (context: PropContext) => hrefXml(pathOf({ kind: "principal", agentId: context.agent.id }));
const isBook = (target: PropTarget) => target.kind === "book";
const isCard = (target: PropTarget) => target.kind === "card";

/** The one rendering of a card: the same bytes as its download (GET /api/contacts/{id}/vcard). */
export function renderCard(share: ContactShare): string {
  return renderVcard(toContactItem(share));
}

/** Every property this server knows, by `{ns}name`; a provider answers undefined where it does not apply. */
const providers = new Map<string, Provider>([
  [
    `{${davNs}}resourcetype`,
    (target) => {
      switch (target.kind) {
        case "card":
          // Present but empty: Thunderbird skips members without a resourcetype element.
          return "";
        case "principal":
          return "<d:principal/>";
        case "book":
          return "<d:collection/><card:addressbook/>";
        default:
          return "<d:collection/>";
      }
    },
  ],
  [`{${davNs}}current-user-principal`, (_target, context) => principalHref(context)],
  [`{${davNs}}current-user-privilege-set`, () => privileges],
  [
    `{${davNs}}supported-report-set`,
    (target) =>
      isBook(target)
        ? ["<d:sync-collection/>", "<card:addressbook-multiget/>", "<card:addressbook-query/>"].map((report) => `<d:supported-report><d:report>${report}</d:report></d:supported-report>`).join("")
        : isCard(target)
          ? "<d:supported-report><d:report><card:addressbook-multiget/></d:report></d:supported-report>"
          : "",
  ],
  [
    `{${davNs}}displayname`,
    (target, context) => {
      switch (target.kind) {
        case "root":
          return "Contact Inbox";
        case "principals":
          return "Agents";
        case "principal":
          return escapeXml(context.agent.name ?? context.agent.email);
        case "home":
          return "Contact Inbox address books";
        case "book":
          return escapeXml(target.book.kind === "all" ? "All shared contacts" : `Campaign: ${target.book.value}`);
        case "card":
          return undefined;
      }
    },
  ],
  [`{${davNs}}owner`, (target, context) => (target.kind === "home" || target.kind === "book" || target.kind === "card" ? principalHref(context) : undefined)],
  [`{${davNs}}principal-URL`, (target, context) => (target.kind === "principal" ? principalHref(context) : undefined)],
  [`{${davNs}}principal-collection-set`, (target) => (target.kind === "root" || target.kind === "principal" || target.kind === "principals" ? hrefXml(pathOf({ kind: "principals" })) : undefined)],
  [`{${cardNs}}addressbook-home-set`, (target, context) => (target.kind === "principal" || target.kind === "root" ? hrefXml(pathOf({ kind: "home", agentId: context.agent.id })) : undefined)],
  [
    `{${cardNs}}addressbook-description`,
    (target) => (target.kind === "book" ? escapeXml(target.book.kind === "all" ? "Every contact shared with the inbox (read-only)" : `Contacts shared in campaign ${target.book.value} (read-only)`) : undefined),
  ],
  [`{${cardNs}}supported-address-data`, (target) => (isBook(target) ? '<card:address-data-type content-type="text/vcard" version="3.0"/>' : undefined)],
  [`{${cardNs}}max-resource-size`, (target) => (isBook(target) ? "102400" : undefined)],
  [`{${davNs}}sync-token`, (target, context) => (isBook(target) ? escapeXml(context.syncToken) : undefined)],
  [`{${calendarServerNs}}getctag`, (target, context) => (isBook(target) ? escapeXml(context.syncToken) : undefined)],
  [`{${davNs}}getetag`, (target) => (target.kind === "card" ? escapeXml(cardEtag(target.shareId)) : undefined)],
  [`{${davNs}}getcontenttype`, (target) => (target.kind === "card" ? vcardContentType : undefined)],
  [`{${cardNs}}address-data`, (target) => (target.kind === "card" && target.share ? escapeXml(renderCard(target.share)) : undefined)],
]);

/** What allprop answers: the cheap live properties (not address-data, RFC 6352 §6.3.2.1 leaves it out too). */
const allprop = [
  `{${davNs}}resourcetype`,
  `{${davNs}}displayname`,
  `{${davNs}}current-user-principal`,
  `{${davNs}}getetag`,
  `{${davNs}}getcontenttype`,
  `{${davNs}}sync-token`,
  `{${calendarServerNs}}getctag`,
  `{${cardNs}}addressbook-home-set`,
  `{${davNs}}supported-report-set`,
];

/** One resource's `<d:response>` for a property request. */
export function propertiesResponse(target: PropTarget, request: PropRequest, context: PropContext): string {
  const href = pathOf(target.kind === "card" ? { kind: "card", agentId: target.agentId, book: target.book, shareId: target.shareId } : target);
  const found: string[] = [];
  const missing: string[] = [];
  if (request.kind === "prop") {
    for (const prop of request.names) {
      const value = providers.get(`{${prop.ns}}${prop.name}`)?.(target, context);
      if (value === undefined) missing.push(tagOf(prop.ns, prop.name).empty);
      else found.push(element(prop.ns, prop.name, value));
    }
  } else {
    for (const key of allprop) {
      const value = providers.get(key)!(target, context);
      if (value === undefined) continue;
      const { ns, name } = splitClark(key);
      found.push(request.kind === "propname" ? tagOf(ns, name).empty : element(ns, name, value));
    }
  }
  return propResponse(href, found, missing);
}

/** Whether a request needs each card's share row (only address-data is rendered from it). */
export function needsShareRows(request: PropRequest): boolean {
  return request.kind === "prop" && request.names.some((prop) => prop.ns === cardNs && prop.name === "address-data");
}

function splitClark(key: string): PropName {
  const close = key.indexOf("}");
  return { ns: key.slice(1, close), name: key.slice(close + 1) };
}
