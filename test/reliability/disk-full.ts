import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { benchCallback, benchMessageId } from "../../bench/dataset";
import { expectThat, inspect, integrityCheck, postCallback, reliabilityPort, removeFolderOf, sharesPerMessage, sleep, startServer, temporaryDatabase, type Answer } from "./harness";

type Ack = { sequence: number; command: string; connections: { file: string; pageCount: number; maxPageCount: number }[] };

const preload = path.join(import.meta.dirname, "page-limit-preload.cjs");

/**
 * The database fills up: 503 with Retry-After naming a full database (never a 500, never a 200
 * for what was not saved), earlier rows intact, and writes resume once there is room again,
 * without a restart. The server's own connection is capped with PRAGMA max_page_count by a
 * fault injector loaded into it (page-limit-preload.cjs), so SQLite answers SQLITE_FULL as on a
 * full disk; this needs no root, so it runs the same everywhere and is never skipped.
 */
export async function diskFull(): Promise<string> {
  const database = temporaryDatabase("disk-full");
  const commandFile = path.join(path.dirname(database), "page-limit");
  const server = await startServer(database, reliabilityPort(4), {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(preload)}`.trim(),
    RELIABILITY_PAGE_LIMIT_FILE: commandFile,
  });
  const pid = server.process.pid;
  let sequence = 0;
  const command = async (name: "fill" | "release"): Promise<Ack> => {
    sequence += 1;
    writeFileSync(commandFile, `${sequence} ${name}`);
    const ackFile = `${commandFile}.ack.${pid}`;
    for (let waited = 0; waited < 10_000; waited += 20) {
      if (existsSync(ackFile)) {
        const ack = JSON.parse(readFileSync(ackFile, "utf8")) as Ack;
        if (ack.sequence === sequence) return ack;
      }
      await sleep(20);
    }
    throw new Error(`expected: the fault injector in the server to acknowledge "${name}" within 10 s (files: ${readdirSync(path.dirname(database)).join(", ")})`);
  };
  try {
    let index = 4_000_000;
    const acknowledged: string[] = [];
    for (; index < 4_000_050; index++) {
      const answer = await postCallback(server.port, benchCallback(index));
      expectThat(answer.status === 200, `200 before the database is full (got ${JSON.stringify(answer)})`);
      acknowledged.push(benchMessageId(index));
    }

    const fill = await command("fill");
    const capped = fill.connections.filter((connection) => path.resolve(connection.file) === path.resolve(database));
    expectThat(capped.length === 1 && capped[0]!.maxPageCount === capped[0]!.pageCount, `the server's connection capped at its current size (injector reached ${JSON.stringify(fill.connections)})`);
    const limit = capped[0]!.maxPageCount;

    // Rows still fit in the free space of existing pages for a while; a callback needing a new page is
    // refused, and a smaller one after it may still fit (and is then stored, answered 200). The
    // database counts as full once 6 callbacks in a row are refused; every answer on the way is
    // either a 503 naming a full database, or a 200 for a callback that is stored (checked below).
    let full: Answer | null = null;
    const refused: number[] = [];
    let inARow = 0;
    for (const last = index + 500; index < last && inARow < 6; index++) {
      const answer = await postCallback(server.port, benchCallback(index));
      if (answer.status === 200) {
        acknowledged.push(benchMessageId(index));
        inARow = 0;
        continue;
      }
      expectThat(answer.status === 503 && answer.retryAfter !== null && answer.body.includes("(full)"), `503 with Retry-After naming a full database, or 200 (got ${JSON.stringify(answer)})`);
      full ??= answer;
      refused.push(index);
      inARow += 1;
    }
    expectThat(full !== null && inARow === 6, `6 refusals in a row within 500 callbacks once the database was capped at ${limit} pages (${refused.length} refused, ${inARow} in a row at the end)`);
    const whileFull = sharesPerMessage(database);
    const pagesWhileFull = inspect(database, (db) => Number(db.pragma("page_count", { simple: true })));
    expectThat(pagesWhileFull <= limit, `the database did not grow past the cap (${pagesWhileFull} of ${limit} pages)`);
    expectThat(acknowledged.every((messageId) => whileFull.get(messageId) === 1) && whileFull.size === acknowledged.length, `exactly the ${acknowledged.length} acknowledged messages stored while full (stored ${whileFull.size})`);
    expectThat(refused.every((i) => !whileFull.has(benchMessageId(i))), "none of the refused callbacks stored");

    await command("release");
    for (const i of refused) {
      const resumed = await postCallback(server.port, benchCallback(i));
      expectThat(resumed.status === 200, `the refused callbacks accepted once there is room again, without a restart (got ${JSON.stringify(resumed)})`);
    }
    expectThat(server.exit() === null && server.process.pid === pid, "the same server process throughout");
    const after = sharesPerMessage(database);
    const expected = [...acknowledged, ...refused.map((i) => benchMessageId(i))];
    expectThat(expected.every((messageId) => after.get(messageId) === 1) && after.size === expected.length, `all ${expected.length} messages stored exactly once after the recovery (stored ${after.size})`);
    const pagesAfter = inspect(database, (db) => Number(db.pragma("page_count", { simple: true })));
    const integrity = integrityCheck(database);
    expectThat(integrity === "ok", `integrity_check ok (got ${integrity})`);
    return `database capped at its size (${limit} pages, PRAGMA max_page_count on the server's own connection) after 50 acknowledged callbacks; ${acknowledged.length - 50} more fitted in free space, then SQLITE_FULL → 503 "(full)" with Retry-After ${full.retryAfter} for ${refused.length} callbacks (the last 6 in a row), none stored, the file still ${pagesWhileFull} pages, the ${acknowledged.length} earlier rows intact; cap lifted → the ${refused.length} refused answered 200 and stored once (${pagesAfter} pages), same server process; integrity_check ${integrity}`;
  } finally {
    await server.stop();
    removeFolderOf(database);
  }
}
