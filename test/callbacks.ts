import { readFileSync } from "node:fs";
import path from "node:path";
import { POST } from "@/app/api/callbacks/whatsapp/route";
import { getStore } from "@/app/_server/store";
import { createApiToken } from "@/lib/auth/api-tokens";

/** Sample callback bodies shipped with the repository (copies of the documented samples). */
export function readSample(name: "kaleyra-contact-message" | "meta-contacts-message"): string {
  return readFileSync(path.join(__dirname, "..", "samples", `${name}.json`), "utf8");
}

/** POSTs a body to the real callback route handler, as Next.js would call it. */
export async function postCallback(body: string | Uint8Array | object, headers: Record<string, string> = {}) {
  const payload = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
  const request = new Request("http://localhost/api/callbacks/whatsapp", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: payload as BodyInit,
  });
  const response = await POST(request);
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, any> };
}

export { kaleyraCallback } from "./kaleyra-callback";

let apiToken: Promise<string> | null = null;

/** A GET request to the data API as an API client with a real bearer token (created once per test file). */
export async function apiRequest(url: string, init: RequestInit = {}): Promise<Request> {
  apiToken ??= getStore().then(async (store) => (await createApiToken(store, { name: "tests", createdBy: null })).token);
  return new Request(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${await apiToken}` } });
}
