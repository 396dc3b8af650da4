/**
 * Fault injector for the disk-full scenario, loaded into the server under test with
 * NODE_OPTIONS=--require (never by the app itself). It caps the database on the server's own
 * better-sqlite3 connections with PRAGMA max_page_count: the pragma is per connection, so the
 * harness cannot set it from its own, and SQLite then fails the next write that needs a new page
 * with SQLITE_FULL, the code a full disk gives. No root and no mount needed.
 *
 * The harness writes "<sequence> fill" or "<sequence> release" to RELIABILITY_PAGE_LIMIT_FILE;
 * each new command is applied between requests and acknowledged in "<file>.ack.<pid>" as JSON
 * listing every connection it reached, so the harness can tell that the cap really took hold.
 */
const fs = require("node:fs");

const commandFile = process.env.RELIABILITY_PAGE_LIMIT_FILE;
if (commandFile) install(commandFile);

function install(file) {
  // The same module instance the server loads: Node resolves the build's aliased path to this real one.
  const Database = require(require.resolve("better-sqlite3", { paths: [process.cwd()] }));
  const connections = new Set();
  for (const method of ["prepare", "pragma", "exec", "transaction"]) {
    const original = Database.prototype[method];
    Database.prototype[method] = function (...args) {
      connections.add(this);
      return original.apply(this, args);
    };
  }
  const originalLimits = new Map();
  let applied = 0;
  setInterval(() => {
    let command;
    try {
      command = fs.readFileSync(file, "utf8").trim().split(" ");
    } catch {
      return;
    }
    const sequence = Number(command[0]);
    if (!(sequence > applied)) return;
    applied = sequence;
    const reached = [];
    for (const db of connections) {
      if (!db.open || db.readonly) continue;
      if (!originalLimits.has(db)) originalLimits.set(db, db.pragma("max_page_count", { simple: true }));
      const pageCount = db.pragma("page_count", { simple: true });
      const limit = command[1] === "fill" ? pageCount : originalLimits.get(db);
      reached.push({ file: db.name, pageCount, maxPageCount: db.pragma(`max_page_count = ${limit}`, { simple: true }) });
    }
    const ack = `${file}.ack.${process.pid}`;
    fs.writeFileSync(`${ack}.partial`, JSON.stringify({ sequence, command: command[1], connections: reached }));
    fs.renameSync(`${ack}.partial`, ack);
  }, 20).unref();
}
