import { benchCallback } from "@/bench/dataset";
import { decodeJsonBody } from "@/lib/callbacks/decode";
import { parseCallback } from "@/lib/callbacks/parse";
import type { IngestCallbackParams } from "@/lib/model/callback-log";
import type { Store } from "@/lib/model/store";
import { kaleyraCallback } from "./kaleyra-callback";

/** How many generated cards test/contact-query.test.ts reads, and how many crafted ones beside them. */
export const generatedCards = 1500;
export const craftedCards = 3;

/**
 * The cards test/contact-query.test.ts checks every plan against: the benchmark's generated
 * callbacks, and three crafted ones. Stored through the store's own write path (on PostgreSQL once
 * per test run, into a template the test file's database is copied from: storing 1,500 callbacks
 * there takes ~6 s, which mutation testing would otherwise pay for every mutant).
 */
export async function seedContactQueryCards(store: Store): Promise<void> {
  const generated = Array.from({ length: generatedCards }, (_, index) => ingestParams(benchCallback(index)));
  await store.ingestCallbackBatch(generated);
  const crafted = [
    // Holds every trigram of "anan" and of "aaaa" without either word: the index alone would find it.
    kaleyraCallback({ messageId: "m-lookalike", cards: [{ name: { formatted_name: 'Ana Nanda Baaab "Q"' } }] }),
    // Wildcards of GLOB and LIKE are plain characters to a search; the second card matches each of them read as a wildcard.
    kaleyraCallback({ messageId: "m-wildcards", cards: [{ name: { formatted_name: "Pct 50% off_sale [x]*? back\\slash" } }] }),
    kaleyraCallback({ messageId: "m-wildcards-lookalike", cards: [{ name: { formatted_name: "Pct 50x offXsale x!y backslash" } }] }),
  ];
  for (const body of crafted) {
    const result = await store.ingestCallback(ingestParams(JSON.stringify(body)));
    if (result.sharesStored !== 1) throw new Error(`a crafted card was not stored: ${JSON.stringify(result)}`);
  }
}

function ingestParams(body: string): IngestCallbackParams {
  const bytes = new TextEncoder().encode(body);
  const decoded = decodeJsonBody(bytes);
  const parsed = decoded.ok ? parseCallback(decoded.value) : null;
  if (!decoded.ok || !parsed?.ok) throw new Error("a seed callback did not parse");
  return { receivedAt: new Date(), startedAt: 0, rawBody: decoded.text, bodyBytes: bytes.byteLength, contentType: "application/json", parsed: parsed.callback };
}
