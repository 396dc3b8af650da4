import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { fts5SegmentIds } from "./fts5-structure";

describe("fts5SegmentIds", () => {
  it("reads the segments of an FTS5 index from its structure record, as they come and go", () => {
    const db = new Database(":memory:");
    db.exec("create virtual table ft using fts5(text, tokenize='trigram', detail='none'); insert into ft(ft, rank) values ('automerge', 0)");
    const segments = () => fts5SegmentIds((db.prepare("select block from ft_data where id = 10").get() as { block: Uint8Array }).block);
    // Each transaction writes a segment of its own (automatic merging is off here).
    for (let i = 0; i < 5; i++) db.prepare("insert into ft (text) values (?)").run(`text number ${i}`);
    const five = segments();
    expect(five).toHaveLength(5);
    expect(new Set(five).size).toBe(5);
    db.exec("insert into ft(ft) values ('optimize')");
    const one = segments();
    expect(one).toHaveLength(1);
    expect(five).not.toContain(one[0]);
    db.exec("insert into ft(ft, rank) values ('secure-delete', 1); insert into ft (text) values ('another')");
    expect(segments()).toHaveLength(2);
  });

  it("reads the second format too (contentless-delete tables: a marker and five more numbers per segment)", () => {
    const db = new Database(":memory:");
    db.exec("create virtual table f2 using fts5(text, content='', contentless_delete=1); insert into f2(f2, rank) values ('automerge', 0)");
    for (let i = 1; i <= 3; i++) db.prepare("insert into f2 (rowid, text) values (?, ?)").run(i, `text ${i}`);
    db.exec("delete from f2 where rowid = 1");
    const block = (db.prepare("select block from f2_data where id = 10").get() as { block: Uint8Array }).block;
    expect([...block.subarray(4, 8)]).toEqual([0xff, 0, 0, 1]);
    expect(fts5SegmentIds(block)).toHaveLength(3);
  });
});
