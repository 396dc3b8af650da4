import { describe, expect, it } from "vitest";
import { releasingWhenDone, streamSlots } from "./stream-slots";

let names = 0;
const freshSlots = (max: number) => streamSlots(`test-${++names}`, max);

async function* chunks(fail = false): AsyncGenerator<string> {
  yield "a";
  if (fail) throw new Error("the database went away");
  yield "b";
}

describe("streamSlots", () => {
  it("gives out at most max slots; a release frees one, once", () => {
    const slots = freshSlots(2);
    const first = slots.take()!;
    const second = slots.take()!;
    expect(slots.take()).toBeNull();
    first.release();
    first.release();
    expect(slots.running()).toBe(1);
    expect(slots.take()).not.toBeNull();
    expect(slots.take()).toBeNull();
    second.release();
    expect(slots.running()).toBe(1);
  });

  it("counts per name, and the same name shares one count (another bundled copy of a route)", () => {
    const name = `shared-${++names}`;
    expect(streamSlots(name, 1).take()).not.toBeNull();
    expect(streamSlots(name, 1).take()).toBeNull();
    expect(freshSlots(1).take()).not.toBeNull();
  });
});

describe("releasingWhenDone", () => {
  it("releases when the chunks are read to the end", async () => {
    const slots = freshSlots(1);
    const iterator = releasingWhenDone(slots.take()!, chunks());
    expect((await iterator.next()).value).toBe("a");
    expect((await iterator.next()).value).toBe("b");
    expect(slots.running()).toBe(1);
    expect((await iterator.next()).done).toBe(true);
    expect(slots.running()).toBe(0);
  });

  it("releases when producing a chunk fails", async () => {
    const slots = freshSlots(1);
    const iterator = releasingWhenDone(slots.take()!, chunks(true));
    await iterator.next();
    await expect(iterator.next()).rejects.toThrow("the database went away");
    expect(slots.running()).toBe(0);
  });

  it("releases when the client goes away, even before the first chunk", async () => {
    const slots = freshSlots(1);
    const iterator = releasingWhenDone(slots.take()!, chunks());
    await iterator.return!();
    expect(slots.running()).toBe(0);
  });
});
