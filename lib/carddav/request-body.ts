import { readBodyWithLimit } from "@/lib/http/read-body";
import { parseXml, XmlRejected, type XmlElement } from "./xml-parse";

/**
 * The largest request body accepted (413 above it). vdirsyncer asks for every card it lacks in a
 * single addressbook-multiget, about 70 bytes an href: 8 MB is some 100,000 cards.
 */
export const maxDavBodyBytes = 8 * 1024 * 1024;

export type DavBody = { ok: true; root: XmlElement | null } | { ok: false; status: 400 | 403 | 413; reason: string };

/** Reads and parses an XML request body; an empty body is null (PROPFIND then means allprop). */
export async function readDavBody(request: Request): Promise<DavBody> {
  const read = await readBodyWithLimit(request, maxDavBodyBytes);
  if (!read.ok) return { ok: false, status: 413, reason: `request bodies are limited to ${maxDavBodyBytes} bytes` };
  if (read.bytes.byteLength === 0) return { ok: true, root: null };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(read.bytes);
  } catch {
    return { ok: false, status: 400, reason: "the body is not UTF-8" };
  }
  if (text.trim() === "") return { ok: true, root: null };
  try {
    return { ok: true, root: parseXml(text) };
  } catch (error) {
    if (error instanceof XmlRejected) return { ok: false, status: error.reason === "doctype" ? 403 : 400, reason: error.message };
    throw error;
  }
}
