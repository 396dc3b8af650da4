import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import { catchUpSearchFragments } from "@/lib/contacts/search-fragments";
import { deleteContact } from "@/lib/lifecycle/delete-contact";
import { searchFragmentsOf } from "@/lib/model/search-fragments";
import { foldForMatching, foldForSearch, searchTermOf } from "@/lib/model/search-text";
import { kaleyraCallback, postCallback } from "@/test/callbacks";
import { sqlAll, testEngine } from "@/test/database";

/**
 * A 1–2 character search cannot use the trigram index. The fragment vocabulary answers "in no card"
 * for every card up to its cursor, so only later cards are scanned. Whatever state the catch-up is
 * in (never run, waiting on its horizon, midway, caught up, after deletes), a search must give
 * exactly the cards whose text holds the fragment.
 */

let messages = 0;

async function storeCard(name: string, phone?: string): Promise<number> {
  const card = { name: { formatted_name: name }, ...(phone ? { phones: [{ phone }] } : {}) };
  const response = await postCallback(kaleyraCallback({ messageId: `wamid.fragments-${messages++}`, cards: [card] }));
  expect(response.status).toBe(200);
  return (await getStore()).getLatestContactId();
}

/** Every card's search text, read back, so expectations follow what was really stored. */
async function texts(): Promise<Map<number, string>> {
  return new Map((await sqlAll<{ share_id: number; text: string }>("select share_id, text from contact_search_text")).map((row) => [Number(row.share_id), row.text]));
}

async function expectSearchExact(q: string): Promise<void> {
  const store = await getStore();
  const term = searchTermOf(q);
  const wanted = [...(await texts())].filter(([, text]) => text.includes(term)).map(([id]) => id).sort((a, b) => b - a);
  expect(await store.countContacts({ q }), `count of "${q}"`).toBe(wanted.length);
  expect((await store.listContacts({ q, sort: "newest", page: 1, pageSize: 100 })).map((row) => row.id), `list of "${q}"`).toEqual(wanted);
  const exported: number[] = [];
  for await (const batch of store.iterateContactBatches({ q, batchSize: 2 })) exported.push(...batch.map((row) => row.id));
  expect(exported, `export of "${q}"`).toEqual(wanted);
}

/**
 * Every rare fragment lists exactly the cards up to the cursor whose text holds it (cards deleted
 * since are gone from the list); a common one is held by more cards than were listed for it.
 */
async function expectVocabularyExact(): Promise<void> {
  const through = Number((await sqlAll<{ value: string }>("select value from settings where key = 'search-vocabulary-through-id'"))[0]?.value ?? 0);
  const byFragment = new Map<string, number[]>();
  for (const [id, text] of await texts()) {
    if (id > through) continue;
    for (const fragment of searchFragmentsOf(text)) byFragment.set(fragment, [...(byFragment.get(fragment) ?? []), id]);
  }
  const listed = new Map<string, number[]>();
  for (const row of await sqlAll<{ fragment: string; share_id: number | string }>("select fragment, share_id from search_fragment_cards order by share_id")) {
    listed.set(row.fragment, [...(listed.get(row.fragment) ?? []), Number(row.share_id)]);
  }
  for (const row of await sqlAll<{ fragment: string; common: number | boolean }>("select fragment, common from search_fragments")) {
    if (row.common) continue;
    expect(listed.get(row.fragment) ?? [], `cards listed for "${row.fragment}"`).toEqual(byFragment.get(row.fragment) ?? []);
  }
}

const vocabulary = async () => new Set((await sqlAll<{ fragment: string }>("select fragment from search_fragments")).map((row) => row.fragment));

describe("the fragment vocabulary", () => {
  it("holds every fragment of one and two characters, none across a field break", () => {
    expect([...searchFragmentsOf("ana\n42")].sort()).toEqual(["2", "4", "42", "a", "an", "n", "na"]);
    expect([...searchFragmentsOf("小明")].sort()).toEqual(["小", "小明", "明"].sort());
    // Characters outside the basic plane are one character, as a search term counts them.
    expect([...searchFragmentsOf("a😀")].sort()).toEqual(["a", "a😀", "😀"].sort());
  });

  it("keeps short searches exact before, while and after it catches up, and passes no card before its horizon settles", async () => {
    const store = await getStore();
    let clock = 1_000_000;
    const catchUp = () => catchUpSearchFragments(store, { settleMs: 1000, now: () => clock, batchSize: 2 });
    const terms = ["qx", "x", "an", "小明", "明", "zz", "q", "42", "ek"];

    const early = [await storeCard("Ana Maqx"), await storeCard("Bo Ek", "+44 7700 900042"), await storeCard("小明")];
    for (const q of terms) await expectSearchExact(q);

    // The first call only marks where it will go once writes in flight have settled.
    expect(await catchUp()).toMatchObject({ texts: 0, throughId: 0, caughtUp: true });
    const late = [await storeCard("Zed Qxy"), await storeCard("Wu")];
    clock += 999;
    expect(await catchUp()).toMatchObject({ texts: 0, throughId: 0 });

    clock += 1;
    // Settled: the cards up to the first horizon (early), in batches of two, and no further.
    expect(await catchUp()).toMatchObject({ texts: 3, throughId: early.at(-1), caughtUp: true });
    expect(await vocabulary()).toEqual(new Set([...(await texts())].filter(([id]) => id <= early.at(-1)!).flatMap(([, text]) => [...searchFragmentsOf(text)])));
    // "zz" is in no card yet; "y" only in a card past the cursor, which is still scanned.
    for (const q of [...terms, "y", "qxy"]) await expectSearchExact(q);

    await storeCard("Zzyzx");
    await deleteContact(store, { id: early[0]!, actor: { type: "cli" }, clientAddress: null });
    clock += 1000;
    expect(await catchUp()).toMatchObject({ texts: 2, throughId: late.at(-1), caughtUp: true });
    for (const q of [...terms, "y", "yz"]) await expectSearchExact(q);
    clock += 1000;
    expect(await catchUp()).toMatchObject({ texts: 1, caughtUp: true });
    for (const q of [...terms, "y", "yz"]) await expectSearchExact(q);
  });

  it("is what a search trusts for the cards up to its cursor: a fragment missing from it is only looked for after", async () => {
    const store = await getStore();
    let clock = 5_000_000;
    const catchUp = () => catchUpSearchFragments(store, { settleMs: 0, now: () => clock++ });
    const before = await storeCard("Vivek Jh");
    await catchUp();
    await catchUp();
    await sqlAll("delete from search_fragments where fragment = 'jh'");
    const after = await storeCard("Jhanvi");
    const found = (await store.listContacts({ q: "jh", sort: "newest", page: 1, pageSize: 10 })).map((row) => row.id);
    expect(found).toContain(after);
    expect(found).not.toContain(before);
    // With the fragment back, both are found: the vocabulary is the only reason the first was not.
    await sqlAll("insert into search_fragments (fragment) values ('jh')");
    expect((await store.listContacts({ q: "jh", sort: "newest", page: 1, pageSize: 10 })).map((row) => row.id)).toEqual(expect.arrayContaining([before, after]));
  });

  it("reads a rare fragment's cards from its list, and scans for a common one: each exactly", async () => {
    const store = await getStore();
    let clock = 7_000_000;
    const catchUp = () => catchUpSearchFragments(store, { settleMs: 0, now: () => clock++, maxCards: 3 });
    const holders = [await storeCard("Ana Kv one"), await storeCard("Bo Kv two")];
    await catchUp();
    await catchUp();
    await expectVocabularyExact();
    expect(await sqlAll("select cards, common from search_fragments where fragment = 'kv'")).toEqual([{ cards: 2, common: testEngine === "sqlite" ? 0 : false }]);
    await expectSearchExact("kv");
    // The list is what the search reads: a card taken off it is not found, though its text holds "kv".
    await sqlAll("delete from search_fragment_cards where fragment = 'kv' and share_id = ?", holders[0]);
    expect((await store.listContacts({ q: "kv", sort: "newest", page: 1, pageSize: 10 })).map((row) => row.id)).toEqual([holders[1]]);
    expect(await store.countContacts({ q: "kv" })).toBe(1);
    await sqlAll("insert into search_fragment_cards (fragment, share_id) values ('kv', ?)", holders[0]);
    await expectSearchExact("kv");

    // Two more holders make it common (4 > 3): its cards are no longer listed, every text is scanned.
    holders.push(await storeCard("Kvetoslav"), await storeCard("Ola Kvist"));
    clock += 1;
    await catchUp();
    await catchUp();
    expect(await sqlAll("select cards, common from search_fragments where fragment = 'kv'")).toEqual([{ cards: 4, common: testEngine === "sqlite" ? 1 : true }]);
    await sqlAll("delete from search_fragment_cards where fragment = 'kv'");
    await expectSearchExact("kv");
    expect(await store.countContacts({ q: "kv" })).toBe(4);
  });

  it("forgets a deleted card in every fragment's list", async () => {
    const store = await getStore();
    let clock = 8_000_000;
    const id = await storeCard("Xö Deleted");
    await catchUpSearchFragments(store, { settleMs: 0, now: () => clock++ });
    await catchUpSearchFragments(store, { settleMs: 0, now: () => clock++ });
    expect((await sqlAll("select fragment from search_fragment_cards where share_id = ?", id)).length).toBeGreaterThan(0);
    await deleteContact(store, { id, actor: { type: "cli" }, clientAddress: null });
    expect(await sqlAll("select fragment from search_fragment_cards where share_id = ?", id)).toEqual([]);
    await expectSearchExact("xö");
    // Nor is a card listed that was deleted after a catch-up read its text.
    const gone = await storeCard("Ephemeral Qj");
    await deleteContact(store, { id: gone, actor: { type: "cli" }, clientAddress: null });
    expect(await store.recordSearchFragments({ fragments: [{ fragment: "qj", shareIds: [gone] }], throughId: 0, maxCards: 3000 })).toBe(true);
    expect(await sqlAll("select fragment from search_fragment_cards where share_id = ?", gone)).toEqual([]);
  });

  it("stays exact while an instance on the older code catches up beside it (a rolling upgrade on PostgreSQL)", async () => {
    const store = await getStore();
    let clock = 30_000_000;
    const catchUp = () => catchUpSearchFragments(store, { settleMs: 0, now: () => clock++ });
    await storeCard("Ülo Rvq first");
    await catchUp();
    await catchUp();
    const later = [await storeCard("Rvq later"), await storeCard("Newfrag Wj")];
    // What the older catch-up does with the later cards: adds their fragments (no card counts, no
    // lists) and moves its own cursor past them.
    const laterTexts = [...(await texts())].filter(([id]) => later.includes(id)).map(([, text]) => text);
    for (const fragment of new Set(laterTexts.flatMap((text) => [...searchFragmentsOf(text)]))) {
      await sqlAll("insert into search_fragments (fragment) values (?) on conflict do nothing", fragment);
    }
    await sqlAll("insert into settings (key, value) values ('search-fragments-through-id', ?) on conflict (key) do update set value = excluded.value", String(later.at(-1)));
    for (const q of ["rv", "vq", "wj", "q"]) await expectSearchExact(q);
    clock += 1;
    await catchUp();
    await catchUp();
    await expectVocabularyExact();
    for (const q of ["rv", "vq", "wj", "q"]) await expectSearchExact(q);
  });

  it("brings a text stored before accent folding to it as it catches up, while an instance on the older code goes on beside it", async () => {
    const store = await getStore();
    let clock = 32_000_000;
    const catchUp = () => catchUpSearchFragments(store, { settleMs: 0, now: () => clock++ });
    await catchUp();
    const card = { name: { formatted_name: "José Núñez" }, phones: [{ phone: "+34 612 345 678" }], emails: [{ email: "José.Núñez@Exemple.fr" }] };
    expect((await postCallback(kaleyraCallback({ messageId: `wamid.fragments-${messages++}`, cards: [card] }))).status).toBe(200);
    const id = await store.getLatestContactId();
    // As the code before accent folding stored it, and an instance still on it stores it during a rolling upgrade.
    const older = foldForSearch(["José Núñez", "José.Núñez@Exemple.fr", "34612345678"].join("\n"));
    expect((await texts()).get(id)).toBe(foldForMatching(older));
    await sqlAll("update contact_search_text set text = ? where share_id = ?", older, id);
    // That instance's catch-up records the older text's fragments under its own cursor.
    for (const fragment of searchFragmentsOf(older)) {
      await sqlAll("insert into search_fragments (fragment, cards) values (?, 1) on conflict do nothing", fragment);
      await sqlAll("insert into search_fragment_cards (fragment, share_id) values (?, ?) on conflict do nothing", fragment, id);
    }
    await sqlAll("insert into settings (key, value) values ('search-fragment-lists-through-id', ?) on conflict (key) do update set value = excluded.value", String(id));
    const queries = ["nunez", "Núñez", "ñu", "jo", "é", "0034 612 345 678"];
    for (const q of queries) await expectSearchExact(q);
    const erasing = { kind: "email" as const, email: foldForSearch("José.Núñez@Exemple.fr") };
    expect(await store.findShareIdsToErase({ match: erasing }), "found for erasure in the older folding").toContain(id);

    clock += 1;
    const reports = [await catchUp(), await catchUp()];
    expect(reports.reduce((sum, report) => sum + report.refolded, 0)).toBe(1);
    expect((await texts()).get(id)).toBe(foldForMatching(older));
    await expectVocabularyExact();
    for (const q of queries) await expectSearchExact(q);
    for (const q of ["nunez", "NUÑEZ", "ñu", "0034 612 345 678"]) {
      expect((await store.listContacts({ q, sort: "newest", page: 1, pageSize: 10 })).map((row) => row.id), q).toContain(id);
    }
    expect(await store.findShareIdsToErase({ match: erasing }), "found for erasure in the current folding").toContain(id);
    // Once in the current folding, a text is not rewritten again.
    clock += 1;
    expect((await store.listSearchTextsBetween({ afterId: 0, throughId: id, limit: 10_000 })).every((entry) => foldForMatching(entry.text) === entry.text)).toBe(true);
    expect(await sqlAll("select value from settings where key = 'search-fragment-lists-through-id'")).toEqual([{ value: String(id) }]);
  });

  it("can be caught up by several callers at once (instances), ending at the same cursor with every fragment", async () => {
    const store = await getStore();
    for (let index = 0; index < 7; index++) await storeCard(`Parallel ${index} Ñu`);
    let clock = 9_000_000;
    await catchUpSearchFragments(store, { settleMs: 0, now: () => clock });
    clock += 1;
    const reports = await Promise.all([1, 2, 3].map(() => catchUpSearchFragments(store, { settleMs: 0, now: () => clock, batchSize: 3 })));
    const newest = await store.getLatestContactId();
    expect(reports.map((report) => report.throughId)).toEqual([newest, newest, newest]);
    expect(Number((await sqlAll<{ value: string }>("select value from settings where key = 'search-vocabulary-through-id'"))[0]!.value)).toBe(newest);
    const all = await vocabulary();
    for (const text of (await texts()).values()) for (const fragment of searchFragmentsOf(text)) expect(all.has(fragment), fragment).toBe(true);
    await expectVocabularyExact();
  });

  it.skipIf(testEngine !== "sqlite")("never waits for SQLite's write lock: while another connection holds it, a round records nothing and returns at once", async () => {
    const store = await getStore();
    let clock = 15_000_000;
    await storeCard("Locked Öz");
    await catchUpSearchFragments(store, { settleMs: 0, now: () => clock++ });
    const before = await sqlAll<{ value: string }>("select value from settings where key = 'search-vocabulary-through-id'");
    await sqlAll("begin immediate");
    try {
      const started = performance.now();
      expect(await catchUpSearchFragments(store, { settleMs: 0, now: () => clock++ })).toMatchObject({ texts: 0, caughtUp: false });
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await sqlAll("rollback");
    }
    expect(await sqlAll("select value from settings where key = 'search-vocabulary-through-id'")).toEqual(before);
    expect(await catchUpSearchFragments(store, { settleMs: 0, now: () => clock++ })).toMatchObject({ texts: 1, throughId: await store.getLatestContactId(), caughtUp: true });
    expect(await vocabulary()).toContain("oz");
  });

  it("agrees with a plain substring test for any names, searches and catch-up points", async () => {
    const store = await getStore();
    let clock = 20_000_000;
    const alphabet = ["a", "b", "q", "x", "明", " "];
    const name = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 6 }).map((letters) => `N${letters.join("")}`);
    const step = fc.oneof(name.map((value) => ({ kind: "card" as const, value })), fc.constant({ kind: "catch-up" as const }));
    const term = fc.array(fc.constantFrom(...alphabet.filter((letter) => letter !== " ")), { minLength: 1, maxLength: 2 }).map((letters) => letters.join(""));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), fc.array(term, { minLength: 1, maxLength: 3 }), async (steps, queries) => {
        for (const next of steps) {
          if (next.kind === "card") await storeCard(next.value);
          else await catchUpSearchFragments(store, { settleMs: 0, now: () => clock++, batchSize: 2, maxCards: 4 });
        }
        await expectVocabularyExact();
        for (const q of queries) await expectSearchExact(q);
      }),
      { numRuns: 12 },
    );
  });
});
