import type http from "node:http";
import { Readable } from "node:stream";

/**
 * Serving a Web handler ((Request) → Response) on Node's own request and response, for what is
 * answered before Next.js (lib/http/request-gate.ts). The response body is written as the handler
 * produces it, waiting for the socket to drain, so a slow client slows the producer instead of
 * filling memory; a client that goes away cancels it.
 */
export async function serveWithWebHandler(request: http.IncomingMessage, response: http.ServerResponse, handler: (request: Request) => Promise<Response>): Promise<void> {
  let answer: Response;
  try {
    answer = await handler(toWebRequest(request));
  } catch (error) {
    console.error("[contact-inbox] request failed before Next.js", error);
    answer = new Response("Internal error\n", { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, key) => (headers[key] = value));
  response.writeHead(answer.status, headers);
  if (!answer.body || request.method === "HEAD") {
    await answer.body?.cancel().catch(() => undefined);
    response.end();
    return;
  }
  const reader = answer.body.getReader();
  let closed = false;
  response.on("close", () => {
    if (!response.writableFinished) {
      closed = true;
      void reader.cancel().catch(() => undefined);
    }
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || closed) break;
      if (!response.write(value)) await drained(response);
    }
  } catch (error) {
    // Headers are gone already: all that is left is to cut the answer short, which the client sees.
    console.error("[contact-inbox] response failed mid-stream", error);
    response.destroy();
    return;
  }
  response.end();
}

function toWebRequest(request: http.IncomingMessage): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(key, item);
  }
  const target = request.url ?? "/";
  const url = target.startsWith("/") ? `http://localhost${target}` : new URL(target).toString();
  const method = request.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(url, {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(request) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error: Node's fetch needs duplex for a streamed body; the DOM types do not know it.
    duplex: "half",
  });
}

/** Resolves when the socket can take more, or is gone; leaves no listener behind either way. */
function drained(response: http.ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}
