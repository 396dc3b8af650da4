/**
 * `npm run bench`: builds the production app, generates (and caches) databases of 100,000 and
 * 1,000,000 shares through the app's own store functions, and measures ingest, queries, pages,
 * exports and storage, printing one table (also written to bench/results.json).
 * `npm run bench -- --small` does the same on small databases with short runs (CI).
 * A number counts only what was verified: load rates count 2xx answers, and any other answer,
 * connection error or timeout, a short or wrong export, or ingest answers the database does not
 * back, is printed after the table and makes the run exit 1 (and leaves the results file alone).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { gzipSync } from "node:zlib";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { parse as parseCsv } from "csv-parse/sync";
import { openBenchEngine, type BenchDatabase } from "./engine";
import { benchCallback, campaigns } from "./dataset";
import { basicAuth, measureIncrementalSync, measureInitialSync } from "./carddav";

const small = process.argv.includes("--small");
const skipBuild = process.argv.includes("--no-build");
/** `--engine=postgres` measures the PostgreSQL engine (a cluster the run starts itself); SQLite otherwise. */
const engineName = process.argv.find((arg) => arg.startsWith("--engine="))?.slice("--engine=".length) ?? "sqlite";
/** `--sizes=20000,100000`: the two database sizes to measure (e.g. a quicker run of an engine whose large data is not cached). */
const sizesArgument = process.argv.find((arg) => arg.startsWith("--sizes="))?.slice("--sizes=".length).split(",").map(Number);
const sizes = sizesArgument?.length === 2 && sizesArgument.every((size) => Number.isInteger(size) && size > 0) ? sizesArgument : small ? [5_000, 20_000] : [100_000, 1_000_000];
/** `--only=ingest,pages` runs just those parts (queries, ingest, exports, pages, purge, carddav), for iterating on one. */
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length).split(",");
const wanted = (part: string) => !only || only.includes(part);
const seconds = small ? 3 : 10;
const root = path.join(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const callbackToken = "bench-callback-token";
const agent = { email: "bench@example.com", password: "bench password 123" };
/** The bench servers listen on BENCH_PORT_BASE + 1…3 (3191–3193 by default), so two checkouts can run side by side. */
const portBase = Number(process.env.BENCH_PORT_BASE ?? 3190);

/** medianMs and p95Ms are null for a query the data set holds nothing for (`detail` says why). */
type QueryResult = { name: string; medianMs: number | null; p95Ms: number | null; targetMs: number; detail?: string };
/** `requestsPerSecond` counts 2xx answers only; anything else is counted beside it and invalidates the run. */
type LoadResult = { requestsPerSecond: number; p50Ms: number; p99Ms: number; answers2xx: number; non2xx: number; errors: number; timeouts: number; statusCodes: Record<string, number>; valid: boolean };

/** Why a measurement cannot be trusted; printed after the table, and the run exits 1. */
const invalid: string[] = [];

async function main() {
  if (!skipBuild) run("npm", ["run", "build"], { label: "building the production app" });
  const engine = await openBenchEngine(engineName);
  try {
    await measureAll(engine);
  } finally {
    await engine.close();
  }
}

async function measureAll(engine: Awaited<ReturnType<typeof openBenchEngine>>) {
  const smaller = await engine.ensure(sizes[0]!);
  const larger = await engine.ensure(sizes[1]!);
  // Measured as a running inbox keeps them: its hourly purge merges the search index once a day.
  for (const database of [smaller, larger]) dailyUpkeep(database);

  const queries = wanted("queries") ? { [sizes[0]!]: measureQueries(smaller), [sizes[1]!]: measureQueries(larger) } : undefined;
  const storage = { [sizes[0]!]: await bytesPerShare(smaller, sizes[0]!), [sizes[1]!]: await bytesPerShare(larger, sizes[1]!) };
  const ingest = wanted("ingest") ? await measureIngest(smaller) : undefined;
  const exports = wanted("exports") ? await measureExports(smaller, sizes[0]!) : undefined;
  const pages = wanted("pages") ? await measurePages(larger) : undefined;
  const carddav = wanted("carddav") ? await measureCardDav(smaller, sizes[0]!, larger, sizes[1]!) : undefined;
  const purge = wanted("purge") ? await measurePurge(larger, Math.round(sizes[1]! / 10)) : undefined;

  const results = { when: new Date().toISOString(), engine: engine.name, small, sizes, ingest, queries, pages, exports, storage, purge, carddav };
  printTable(results);
  if (invalid.length) {
    console.log(`\n== INVALID: ${invalid.length} measurement(s) counted answers that were not what they claim ==`);
    for (const problem of invalid) console.log(`FAIL ${problem}`);
    console.log("\nThe numbers above are not valid; no results file was written.");
    process.exitCode = 1;
    return;
  }
  const file = `results${engine.name === "postgres" ? "-postgres" : ""}${small ? "-small" : ""}.json`;
  if (!only) writeFileSync(path.join(root, "bench", file), `${JSON.stringify(results, null, 2)}\n`);
}

/** `npm run purge` with no retention set: on SQLite it merges the search index when its daily merge is due. */
function dailyUpkeep(database: BenchDatabase) {
  // Retention unset whatever this shell says: the upkeep must not delete the benchmark's shares.
  const env = { ...database.env, RETENTION_DAYS: "", RAW_BODY_RETENTION_DAYS: "" };
  const output = run("npx", ["tsx", "--conditions", "react-server", "scripts/purge.ts", "--json"], { env, capture: true, label: `daily upkeep (npm run purge) on ${database.label}` });
  const report = JSON.parse(output.trim().split("\n").pop()!) as { ran: boolean; searchIndexSteps?: number; searchIndexSeconds?: number; searchIndexCompacted?: boolean };
  // Not finishing leaves more segments than a running inbox has: slower searches, measured as they are.
  if (!report.ran || report.searchIndexCompacted === false) console.log(`  note: the daily upkeep on ${database.label} did not finish: ${output.trim().split("\n").pop()}`);
  else if (report.searchIndexSteps) console.log(`  search index merged into one segment: ${report.searchIndexSteps} steps, ${report.searchIndexSeconds} s`);
}

function measureQueries(database: BenchDatabase): QueryResult[] {
  const output = run("npx", ["tsx", "--conditions", "react-server", "bench/queries.ts"], { env: database.env, capture: true, label: `timing queries on ${database.label}` });
  return JSON.parse(output.trim().split("\n").pop()!) as QueryResult[];
}

async function bytesPerShare(database: BenchDatabase, shares: number) {
  const bytes = await database.bytes();
  return { bytes, bytesPerShare: Math.round(bytes / shares) };
}

/**
 * Ingest against the real receiver and against the floor route handler, in the same build and run.
 * Each load's 2xx answers must be backed by what reached the file: one callback log row per
 * answered request, and a stored row for every answered callback that was not a redelivery.
 */
async function measureIngest(database: BenchDatabase) {
  const copy = await database.copy("ingest");
  const server = await startServer(copy.env, portBase + 1);
  let next = 50_000_000;
  const sent = { bodies: 0, redeliveries: 0 };
  const body = () => {
    // 10% redeliveries of a recent message, some of them while the original is still in flight.
    const redelivery = next % 10 === 9;
    const index = redelivery ? next - 1 - (next % 7) : next;
    next += 1;
    sent.bodies += 1;
    if (redelivery) sent.redeliveries += 1;
    return benchCallback(index);
  };
  const rows = async () => ({
    log: await copy.count("select count(*) as n from callbacks"),
    shares: await copy.count("select count(*) as n from contact_shares"),
    // SQLite creates the floor's table on its first request; PostgreSQL has it from its migrations.
    floor: await copy.count("select count(*) as n from bench_floor").catch(() => 0),
  });
  /** The counts once requests still in flight when autocannon stopped have been finished by the server. */
  const settledRows = async () => {
    let last = await rows();
    for (let waited = 0; waited < 15_000; waited += 300) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = await rows();
      if (now.log === last.log && now.shares === last.shares && now.floor === last.floor) return now;
      last = now;
    }
    return last;
  };
  const backed = async (label: string, result: LoadResult, table: "shares" | "floor", before: Awaited<ReturnType<typeof rows>>) => {
    const after = await settledRows();
    const generated = { ...sent };
    const problems: string[] = [];
    const stored = after[table] - before[table];
    const low = Math.max(0, result.answers2xx - generated.redeliveries);
    if (stored < low || stored > generated.bodies) problems.push(`${stored} rows stored for ${result.answers2xx} 2xx answers (${generated.bodies} bodies sent, ${generated.redeliveries} of them redeliveries; expected ${low}–${generated.bodies})`);
    const logged = after.log - before.log;
    if (table === "shares" && (logged < result.answers2xx || logged > generated.bodies)) problems.push(`${logged} callback log rows for ${result.answers2xx} 2xx answers (${generated.bodies} requests sent)`);
    if (problems.length) {
      result.valid = false;
      invalid.push(`${label}: ${problems.join("; ")}`);
    }
  };
  const results: Record<string, { app: LoadResult; floor: LoadResult; ratio: number }> = {};
  try {
    for (const connections of [1, 10, 50]) {
      const measure = async (label: string, url: string, headers: Record<string, string>, table: "shares" | "floor") => {
        const before = await settledRows();
        sent.bodies = 0;
        sent.redeliveries = 0;
        const result = await load(`${label} c${connections}`, { url, connections, method: "POST", headers, body });
        await backed(`${label} c${connections}`, result, table, before);
        return result;
      };
      const app = await measure("ingest app", `${server.url}/api/callbacks/whatsapp`, { "content-type": "application/json", "x-callback-token": callbackToken }, "shares");
      const floor = await measure("ingest floor", `${server.url}/api/bench/floor`, { "content-type": "application/json" }, "floor");
      results[`c${connections}`] = { app, floor, ratio: round(app.requestsPerSecond / floor.requestsPerSecond) };
    }
  } finally {
    await server.stop();
    await copy.remove();
  }
  return results;
}

/** What a complete export of `shares` cards must look like; the byte floor is far below any real card. */
const exportFormats = {
  vcf: { contentType: "text/vcard", minBytesPerShare: 100, count: (text: string) => Math.min(text.match(/^BEGIN:VCARD\r?$/gm)?.length ?? 0, text.match(/^END:VCARD\r?$/gm)?.length ?? 0), unit: "cards" },
  csv: { contentType: "text/csv", minBytesPerShare: 50, count: (text: string) => (parseCsv(text, { bom: true, relax_column_count: false }) as string[][]).length - 1, unit: "rows" },
} as const;

/** 100,000 shares as .vcf and as .csv, each on a freshly started server so its peak RSS is the export's; each checked for status, type, size and count. */
async function measureExports(database: BenchDatabase, shares: number) {
  const results: Record<string, { seconds: number; bytes: number; peakRssMb: number; shares: number; status: number; contentType: string; counted: number; valid: boolean }> = {};
  for (const [format, expected] of Object.entries(exportFormats)) {
    const copy = await database.copy(`export-${format}`);
    const inFile = await copy.count("select count(*) as n from contact_shares");
    const token = run("npx", ["tsx", "--conditions", "react-server", "scripts/tokens.ts", "create", "--name", "bench"], { env: copy.env, capture: true }).trim().split("\n").pop()!;
    const server = await startServer(copy.env, portBase + 2);
    try {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/contacts/export.${format}`, { headers: { authorization: `Bearer ${token}` } });
      const chunks: Uint8Array[] = [];
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
      const seconds = round((performance.now() - started) / 1000);
      const body = Buffer.concat(chunks);
      const contentType = response.headers.get("content-type") ?? "";
      let counted = 0;
      let unparseable: string | false = false;
      try {
        counted = response.status === 200 ? expected.count(body.toString("utf8")) : 0;
      } catch (error) {
        unparseable = `does not parse (${(error as Error).message.split("\n")[0]})`;
      }
      const wrong = [
        unparseable,
        inFile !== shares && `the database holds ${inFile} shares, not ${shares}`,
        response.status !== 200 && `status ${response.status} (body starts ${JSON.stringify(body.subarray(0, 120).toString("utf8"))})`,
        !contentType.startsWith(expected.contentType) && `content-type ${JSON.stringify(contentType)}, not ${expected.contentType}`,
        body.byteLength < shares * expected.minBytesPerShare && `${body.byteLength} bytes, under the floor of ${shares * expected.minBytesPerShare}`,
        counted !== shares && `${counted} ${expected.unit}, not ${shares}`,
      ].filter(Boolean);
      if (wrong.length) invalid.push(`export .${format}: ${wrong.join("; ")}`);
      results[format] = { seconds, bytes: body.byteLength, peakRssMb: Math.round(peakRssKb(server.process) / 1024), shares, status: response.status, contentType, counted, valid: wrong.length === 0 };
    } finally {
      await server.stop();
      await copy.remove();
    }
  }
  return results;
}

/**
 * CardDAV (bench/carddav.ts): a client's initial sync of the "All" book at the smaller size, on a
 * freshly started server so its peak RSS is the sync's; and incremental syncs (10 new shares, then
 * sync-collection) at the larger size. Each on a copy, with an agent and an app password made by the CLI.
 */
async function measureCardDav(smaller: BenchDatabase, smallerShares: number, larger: BenchDatabase, largerShares: number) {
  const davAgent = { email: "carddav-bench@example.com", password: "carddav bench password 1" };
  const prepare = async (database: BenchDatabase, label: string) => {
    const copy = await database.copy(label);
    run("npx", ["tsx", "--conditions", "react-server", "scripts/agents.ts", "add", "--email", davAgent.email, "--password", davAgent.password], { env: copy.env, capture: true });
    const appPassword = run("npx", ["tsx", "--conditions", "react-server", "scripts/agents.ts", "app-password", "--email", davAgent.email, "--name", "bench"], { env: copy.env, capture: true }).trim().split("\n").pop()!;
    return { copy, auth: basicAuth(davAgent.email, appPassword) };
  };

  console.log(`\n▸ CardDAV initial sync of ${smallerShares.toLocaleString()} cards`);
  const initialDb = await prepare(smaller, "carddav-initial");
  let initial;
  const inFile = await initialDb.copy.count("select count(*) as n from contact_shares");
  const server = await startServer(initialDb.copy.env, portBase + 2);
  try {
    const measured = await measureInitialSync(server.url, initialDb.auth, inFile);
    initial = { ...measured, shares: inFile, peakRssMb: Math.round(peakRssKb(server.process) / 1024) };
  } finally {
    await server.stop();
    await initialDb.copy.remove();
  }
  if (inFile !== smallerShares) initial.problems.push(`the database holds ${inFile} shares, not ${smallerShares}`);
  if (initial.problems.length) invalid.push(`CardDAV initial sync: ${initial.problems.join("; ")}`);

  console.log(`\n▸ CardDAV incremental sync at ${largerShares.toLocaleString()} shares`);
  const incrementalDb = await prepare(larger, "carddav-incremental");
  let incremental;
  const largeServer = await startServer(incrementalDb.copy.env, portBase + 2);
  try {
    const post = async (index: number) => {
      const response = await fetch(`${largeServer.url}/api/callbacks/whatsapp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-callback-token": callbackToken },
        body: benchCallback(largerShares + 1_000_000 + index, { messageId: `wamid.bench.carddav.${process.pid}.${index}` }),
      });
      if (response.status !== 200) throw new Error(`callback answered ${response.status}`);
    };
    incremental = { ...(await measureIncrementalSync(largeServer.url, incrementalDb.auth, post, small ? 5 : 20)), shares: largerShares };
  } finally {
    await largeServer.stop();
    await incrementalDb.copy.remove();
  }
  if (incremental.problems.length) invalid.push(`CardDAV incremental sync: ${incremental.problems.join("; ")}`);
  return { initial, incremental };
}

/**
 * What a page costs, at the larger size and signed in, against two floors in the same build and
 * database: the minimal page (one query, 50 plain cards, no client component) and the card floor
 * (the same query rendering the app's own ContactCard). Each page is measured for throughput and
 * p99 at concurrency 10, time to first byte and to the whole page at concurrency 1, and the bytes of
 * its HTML (which carries the RSC payload too). Every page is measured once per round, the rounds
 * interleaved so a busy moment on the machine does not land on one page only; medians are reported.
 */
async function measurePages(database: BenchDatabase) {
  spawnSync("npx", ["tsx", "--conditions", "react-server", "scripts/agents.ts", "add", "--email", agent.email, "--password", agent.password], { cwd: root, env: { ...process.env, ...database.env }, encoding: "utf8" });
  const detailId = Math.max(1, await database.count("select max(id) from contact_shares") - 12_345);
  const server = await startServer(database.env, portBase + 3);
  try {
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(agent) });
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
    if (!signIn.ok || !cookie) throw new Error(`bench sign-in failed: ${signIn.status}`);
    const headers = { cookie };
    const pages: PageSpec[] = [
      { name: "floor: minimal page", path: "/bench/floor/minimal", counts: "cards", expected: 50, role: "minimal" },
      { name: "floor: ContactCard x 50", path: "/bench/floor", counts: "cards", expected: 50, role: "cards" },
      { name: "inbox, no filter", path: "/", counts: "cards", expected: 50, role: "inbox" },
      { name: "inbox, campaign filter", path: `/?campaign=${campaigns[4]}`, counts: "cards", expected: 50, role: "inbox" },
      { name: "inbox, search 'sharm'", path: "/?q=sharm", counts: "cards", expected: 50, role: "inbox" },
      { name: "table view", path: "/?view=table", counts: "rows", expected: 50, role: "table" },
      { name: "detail page", path: `/contacts/${detailId}`, counts: "cards", expected: 1, role: "detail" },
    ];
    // A fresh server compiles as it goes: the first round would pay for it. Every page gets a short unmeasured load first.
    for (const page of pages) await autocannon({ url: `${server.url}${page.path}`, connections: 2, duration: small ? 1 : 3, headers } as autocannon.Options);
    const rounds: Record<string, PageMeasurement[]> = Object.fromEntries(pages.map((page) => [page.name, []]));
    for (let round = 1; round <= pageRounds; round++) {
      if (pageRounds > 1) console.log(`\n▸ pages, round ${round} of ${pageRounds}`);
      for (const page of pages) {
        const measured = await measurePage(server, page, headers);
        rounds[page.name]!.push(measured);
        console.log(`  ${page.name.padEnd(26)} ${String(measured.load.requestsPerSecond).padStart(7)} req/s  p99 ${String(measured.load.p99Ms).padStart(5)} ms  ${String(measured.cpuMsPerRequest).padStart(6)} CPU ms/req  TTFB ${measured.c1.firstByteMs} ms  ${Math.round(measured.html.bytes / 1024)} KB  (load average ${measured.loadAverage})`);
      }
    }
    const results = Object.fromEntries(pages.map((page) => [page.name, { ...page, ...medianOf(rounds[page.name]!), rounds: rounds[page.name]! }]));
    const floorOf = (role: "minimal" | "cards") => Object.values(results).find((page) => page.role === role)!;
    for (const page of Object.values(results)) {
      page.vsMinimal = round(page.load.requestsPerSecond / floorOf("minimal").load.requestsPerSecond);
      page.vsCards = round(page.load.requestsPerSecond / floorOf("cards").load.requestsPerSecond);
    }
    return results;
  } finally {
    await server.stop();
  }
}

/**
 * `npm run bench -- --rounds=N`: how many times every page is measured (medians are reported). Five
 * by default: on this 2-core machine one page's req/s moves ±25% between rounds of the same build.
 */
const pageRounds = Number(process.argv.find((arg) => arg.startsWith("--rounds="))?.slice("--rounds=".length) ?? (small ? 1 : 5));
/** Sequential requests per page for time to first byte at concurrency 1. */
const firstByteRuns = small ? 10 : 30;

type PageSpec = { name: string; path: string; counts: "cards" | "rows"; expected: number; role: "minimal" | "cards" | "inbox" | "table" | "detail" };
/**
 * `cpuMsPerRequest` is the server's own CPU time (user + system, from /proc) over the c10 load per
 * answer: unlike req/s it hardly moves when other work shares the machine, so it attributes a change
 * even on a busy machine. `loadAverage` is the machine's 1-minute load average after the load.
 */
type PageMeasurement = { load: LoadResult; html: { bytes: number; gzipBytes: number; items: number }; c1: { firstByteMs: number; firstByteP95Ms: number; wholeMs: number }; cpuMsPerRequest: number; loadAverage: number };

/** One round for one page: its HTML (checked for status and item count), then c1 timings, then the c10 load. */
async function measurePage(server: { url: string; process: ChildProcess }, page: PageSpec, headers: Record<string, string>): Promise<PageMeasurement> {
  const url = `${server.url}${page.path}`;
  const response = await fetch(url, { headers, redirect: "manual" });
  const body = Buffer.from(await response.arrayBuffer());
  const text = body.toString("utf8");
  // Cards are <article>s; table rows are the <tr>s after the header row.
  const items = page.counts === "cards" ? (text.match(/<article[\s>]/g)?.length ?? 0) : Math.max(0, (text.match(/<tr[\s>]/g)?.length ?? 0) - 1);
  if (response.status !== 200 || items !== page.expected) invalid.push(`page ${page.name}: status ${response.status}, ${items} ${page.counts} in the HTML (expected 200 and ${page.expected})`);
  const html = { bytes: body.byteLength, gzipBytes: gzipSync(body).byteLength, items };

  const firstByte: number[] = [];
  const whole: number[] = [];
  for (let run = 0; run < firstByteRuns + 1; run++) {
    const started = performance.now();
    const answer = await fetch(url, { headers, redirect: "manual" });
    const reader = answer.body!.getReader();
    const first = await reader.read();
    const firstAt = performance.now();
    for (let chunk = first; !chunk.done; chunk = await reader.read());
    // The first request may pay for a cold cache: it does not count.
    if (run === 0) continue;
    if (answer.status !== 200) invalid.push(`page ${page.name} at c1: status ${answer.status}`);
    firstByte.push(firstAt - started);
    whole.push(performance.now() - started);
  }
  const c1 = { firstByteMs: round(percentile(firstByte, 0.5)), firstByteP95Ms: round(percentile(firstByte, 0.95)), wholeMs: round(percentile(whole, 0.5)) };

  const cpuBefore = cpuMs(server.process);
  const loaded = await load(`page ${page.name}`, { url, connections: 10, headers });
  const answers = loaded.answers2xx + loaded.non2xx;
  const cpuMsPerRequest = answers ? round((cpuMs(server.process) - cpuBefore) / answers) : 0;
  return { load: loaded, html, c1, cpuMsPerRequest, loadAverage: round(loadavg()[0]!) };
}

/** CPU time (user + system) the server process and its children have used so far, in ms. */
function cpuMs(child: ChildProcess): number {
  const pids = [String(child.pid), ...spawnSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean)];
  const ticks = pids.map((pid) => {
    try {
      // Fields after the command name: state is 3rd, utime the 14th and stime the 15th of the whole line.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").pop()!.split(" ");
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  });
  return (ticks.reduce((sum, value) => sum + value, 0) * 1000) / clockTicksPerSecond;
}

const clockTicksPerSecond = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** The median round of each number (a page's numbers need not come from the same round); valid only when every round was. */
function medianOf(rounds: PageMeasurement[]) {
  const median = (pick: (measurement: PageMeasurement) => number) => round(percentile(rounds.map(pick), 0.5));
  return {
    load: { ...rounds[0]!.load, requestsPerSecond: median((m) => m.load.requestsPerSecond), p50Ms: median((m) => m.load.p50Ms), p99Ms: median((m) => m.load.p99Ms), valid: rounds.every((m) => m.load.valid) },
    html: { bytes: median((m) => m.html.bytes), gzipBytes: median((m) => m.html.gzipBytes), items: median((m) => m.html.items) },
    c1: { firstByteMs: median((m) => m.c1.firstByteMs), firstByteP95Ms: median((m) => m.c1.firstByteP95Ms), wholeMs: median((m) => m.c1.wholeMs) },
    cpuMsPerRequest: median((m) => m.cpuMsPerRequest),
    loadAverage: median((m) => m.loadAverage),
    vsMinimal: 0,
    vsCards: 0,
  };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * fraction) - 1))]!;
}

/**
 * The retention purge at the larger size: `npm run purge` deletes the oldest `purged` arrivals (as
 * RETENTION_DAYS would) in its own process while the server takes callbacks at concurrency 10, as
 * before it without a purge. Measured: the purge's time, and the ingest latency before and during it.
 * Checked: every share before the cutoff is gone, the counters still count what is left, and every
 * 2xx answer is backed by a log row.
 */
async function measurePurge(database: BenchDatabase, purged: number) {
  const copy = await database.copy("purge");
  // received_at is milliseconds since the epoch on SQLite, a timestamptz on PostgreSQL.
  const receivedMs = engineName === "postgres" ? "(extract(epoch from received_at) * 1000)::bigint" : "received_at";
  const receivedBefore = (ms: number) => (engineName === "postgres" ? `received_at < to_timestamp(${ms} / 1000.0)` : `received_at < ${ms}`);
  const counts = async () => ({
    log: await copy.count("select count(*) from callbacks"),
    shares: await copy.count("select count(*) from contact_shares"),
    counter: await copy.count("select coalesce(sum(count), 0) from facet_counts where facet = 'all'"),
  });
  const cutoffAt = await copy.count(`select ${receivedMs} from contact_shares order by received_at limit 1 offset ${purged}`);
  const cutoff = { at: cutoffAt, before: await copy.count(`select count(*) from contact_shares where ${receivedBefore(cutoffAt)}`) };
  const server = await startServer(copy.env, portBase + 1);
  let next = 70_000_000;
  const body = () => benchCallback(next++);
  const ingest = { url: `${server.url}/api/callbacks/whatsapp`, connections: 10, method: "POST" as const, headers: { "content-type": "application/json", "x-callback-token": callbackToken }, body };
  try {
    const baseline = await load("ingest before the purge c10", ingest);
    const logBefore = (await counts()).log;
    const started = performance.now();
    const purging = runAsync("npx", ["tsx", "--conditions", "react-server", "scripts/purge.ts", "--shares-received-before", new Date(cutoff.at).toISOString(), "--json"], copy.env);
    const during = await load("ingest during the purge c10", { ...ingest, until: purging });
    const output = await purging;
    const seconds = round((performance.now() - started) / 1000);
    const report = JSON.parse(output.trim().split("\n").pop()!) as { ran: boolean; sharesDeleted: number; sharesSeconds: number; searchIndexSeconds: number; searchIndexCompacted: boolean; callbacksRedacted: number; seconds: number };
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await counts();
    const left = await copy.count(`select count(*) from contact_shares where ${receivedBefore(cutoff.at)}`);
    const problems = [
      !report.ran && "the purge did not run",
      report.sharesDeleted !== cutoff.before && `${report.sharesDeleted} shares deleted, ${cutoff.before} were received before the cutoff`,
      left !== 0 && `${left} shares received before the cutoff are still there`,
      after.counter !== after.shares && `the counter of all shares says ${after.counter}, the table holds ${after.shares}`,
      after.log - logBefore < during.answers2xx && `${after.log - logBefore} log rows for ${during.answers2xx} 2xx answers during the purge`,
    ].filter(Boolean);
    if (problems.length) invalid.push(`purge: ${problems.join("; ")}`);
    return {
      shares: sizes[1]!,
      purged: report.sharesDeleted,
      seconds,
      purgeSeconds: report.seconds,
      deleteSeconds: report.sharesSeconds,
      compactSeconds: report.searchIndexSeconds,
      // Not a false measurement when it does not: the purge stops compacting after its budget and the next one goes on.
      compacted: report.searchIndexCompacted,
      sharesPerSecond: Math.round(report.sharesDeleted / report.sharesSeconds),
      callbacksRedacted: report.callbacksRedacted,
      baseline,
      during,
      valid: problems.length === 0 && baseline.valid && during.valid,
    };
  } finally {
    await server.stop();
    await copy.remove();
  }
}

function runAsync(command: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} failed with exit code ${code}: ${output.slice(-500)}`))));
  });
}

/** One autocannon run; the rate counts 2xx answers only, and any other answer or error is recorded as invalidating the run. */
async function load(label: string, options: { url: string; connections: number; method?: "GET" | "POST"; headers?: Record<string, string>; body?: () => string; until?: Promise<unknown> }): Promise<LoadResult> {
  const settings = {
    url: options.url,
    connections: options.connections,
    // `until`: as long as that takes (an hour at most), instead of the usual run.
    duration: options.until ? 3600 : seconds,
    method: options.method ?? "GET",
    headers: options.headers,
    requests: options.body ? [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, body: options.body!() }) }] : undefined,
  } as autocannon.Options;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(settings, (error, finished) => (error ? reject(error) : resolve(finished)));
    options.until?.finally(() => instance.stop()).catch(() => undefined);
  });
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, stats.count ?? 0]));
  const valid = result["2xx"] > 0 && !result.non2xx && !result.errors && !result.timeouts;
  const loadResult = { requestsPerSecond: round(result["2xx"] / result.duration), p50Ms: result.latency.p50, p99Ms: result.latency.p99, answers2xx: result["2xx"], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, statusCodes, valid };
  if (!valid) {
    const nothing = result["2xx"] + result.non2xx + result.errors === 0 ? ` (no request completed within the ${seconds} s run)` : "";
    invalid.push(`${label}: ${result["2xx"]} 2xx, ${result.non2xx} non-2xx, ${result.errors} errors (${result.timeouts} timeouts); statuses ${JSON.stringify(statusCodes)}${nothing}`);
  }
  return loadResult;
}

async function startServer(databaseEnv: Record<string, string>, port: number): Promise<{ url: string; process: ChildProcess; stop: () => Promise<void> }> {
  // Another checkout's server on this port would answer our health check and be measured instead of ours.
  await expectPortFree(port);
  const child = spawn(process.execPath, [nextBin, "start", "--keepAliveTimeout", "65000", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", ...databaseEnv, BENCH_FLOOR: "1", CALLBACK_TOKEN: callbackToken, SETUP_CODE: "bench-setup-code" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // The server must be gone (its connections closed) before its database is dropped or copied.
  const stop = async () => {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, process: child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`the server on port ${port} did not start`);
}

async function expectPortFree(port: number): Promise<void> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", (error) => reject(new Error(`port ${port} is in use (${(error as Error).message}); set BENCH_PORT_BASE to move the bench servers`)));
    probe.listen(port, "0.0.0.0", () => resolve());
  });
  await new Promise((resolve) => probe.close(resolve));
}

/** Peak resident memory of the server process and any children it started (VmHWM). */
function peakRssKb(child: ChildProcess): number {
  const pids = [String(child.pid), ...spawnSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean)];
  return Math.max(...pids.map((pid) => Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s+(\d+)/)?.[1] ?? 0)));
}

function run(command: string, args: string[], options: { env?: Record<string, string>; capture?: boolean; label?: string } = {}): string {
  if (options.label) console.log(`\n▸ ${options.label}`);
  const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...options.env }, stdio: options.capture ? ["ignore", "pipe", "inherit"] : "inherit", encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed with exit code ${result.status}`);
  return result.stdout ?? "";
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

type Results = {
  engine: string;
  sizes: number[];
  ingest?: Awaited<ReturnType<typeof measureIngest>>;
  queries?: Record<number, QueryResult[]>;
  pages?: Awaited<ReturnType<typeof measurePages>>;
  exports?: Awaited<ReturnType<typeof measureExports>>;
  storage: Record<number, { bytes: number; bytesPerShare: number }>;
  purge?: Awaited<ReturnType<typeof measurePurge>>;
  carddav?: Awaited<ReturnType<typeof measureCardDav>>;
};

function printTable(results: Results) {
  const [smaller, larger] = results.sizes as [number, number];
  /** [target, met, measured validly]: a target on an invalid measurement is neither met nor missed. */
  const checks: [string, boolean, boolean?][] = [];
  const line = (...cells: (string | number)[]) => console.log(cells.map((cell, index) => (index === 0 ? String(cell).padEnd(44) : String(cell).padStart(14))).join(""));

  if (results.ingest) {
  console.log(`\nEngine: ${results.engine === "postgres" ? "PostgreSQL" : "SQLite"}`);
  console.log(`\n== Ingest (POST /api/callbacks/whatsapp vs the floor route, ${seconds} s each, 10% redeliveries; req/s = 2xx answers per second) ==`);
  line("concurrency", "app 2xx/s", "app p50/p99", "floor 2xx/s", "floor p50/p99", "app/floor");
  for (const [key, row] of Object.entries(results.ingest)) {
    line(key.slice(1), row.app.requestsPerSecond, `${row.app.p50Ms}/${row.app.p99Ms} ms`, row.floor.requestsPerSecond, `${row.floor.p50Ms}/${row.floor.p99Ms} ms`, row.ratio);
    for (const [side, measured] of [["app", row.app], ["floor", row.floor]] as const) {
      if (measured.non2xx || measured.errors) console.log(`   ! ${side}: ${measured.non2xx} non-2xx answers ${JSON.stringify(measured.statusCodes)}, ${measured.errors} errors (${measured.timeouts} timeouts)`);
    }
  }
  if (results.engine === "postgres") {
    console.log("   floor: one INSERT per request on the same pool, committed per request (autocommit, synchronous_commit=on).");
    console.log("   app:   one transaction per callback too (a single ingest_callback() call: log row, card, facets, search text,");
    console.log("          counters); PostgreSQL shares WAL flushes between concurrent commits for both alike.");
  } else {
    console.log("   floor: one INSERT per request, committed per request (autocommit, synchronous=FULL: one WAL sync each).");
    console.log("   app:   group commit (callbacks arriving together share one transaction and one sync), plus the log row,");
    console.log("          parsing, facets and search index. At c1 both commit once per request; at c10/c50 the app commits less often.");
  }
  const c10 = results.ingest.c10!;
  const c10Valid = c10.app.valid && c10.floor.valid;
  checks.push([`ingest at c10 >= 0.9 x floor (${c10.ratio})`, c10.ratio >= 0.9, c10Valid], [`ingest p99 at c10 <= 100 ms (${c10.app.p99Ms} ms)`, c10.app.p99Ms <= 100, c10.app.valid]);
  }

  if (results.queries) {
  const queries = results.queries;
  console.log(`\n== Queries (server time inside the query functions, 20 runs after 5 warm-up runs) ==`);
  line("query", `${smaller.toLocaleString()} med`, `${smaller.toLocaleString()} p95`, `${larger.toLocaleString()} med`, `${larger.toLocaleString()} p95`, "target p95");
  const ms = (value: number | null) => (value === null ? "-" : `${value} ms`);
  queries[smaller]!.forEach((query, index) => {
    const big = queries[larger]![index]!;
    line(query.name, ms(query.medianMs), ms(query.p95Ms), ms(big.medianMs), ms(big.p95Ms), `${big.targetMs} ms`);
    if (big.p95Ms !== null) checks.push([`${query.name} p95 at ${larger.toLocaleString()} <= ${big.targetMs} ms (${big.p95Ms} ms)`, big.p95Ms <= big.targetMs]);
  });
  const details = queries[smaller]!.filter((query) => query.detail).map((query, index) => `   ${query.name}: ${smaller.toLocaleString()} ${query.detail}; ${larger.toLocaleString()} ${queries[larger]!.filter((big) => big.detail)[index]?.detail}`);
  for (const detail of details.filter((_, index) => index % 2 === 0)) console.log(detail);
  }

  if (results.pages) {
  const pages = Object.values(results.pages);
  const rounds = pages[0]!.rounds.length;
  console.log(`\n== Pages at ${larger.toLocaleString()} shares (signed in; load at concurrency 10 for ${seconds} s; median of ${rounds} round${rounds === 1 ? "" : "s"}) ==`);
  line("page", "req/s c10", "p99 c10", "x minimal", "x card floor", "CPU ms/req", "TTFB c1", "whole c1", "HTML KB", "KB per card", "gzip KB");
  for (const page of pages) {
    const kb = (bytes: number) => round(bytes / 1024);
    line(page.name, page.load.requestsPerSecond, `${page.load.p99Ms} ms`, page.vsMinimal, page.vsCards, page.cpuMsPerRequest, `${page.c1.firstByteMs} ms`, `${page.c1.wholeMs} ms`, kb(page.html.bytes), page.html.items ? kb(page.html.bytes / page.html.items) : "-", kb(page.html.gzipBytes));
    for (const [index, measured] of page.rounds.entries()) {
      if (measured.load.non2xx || measured.load.errors) console.log(`   ! ${page.name}, round ${index + 1}: ${measured.load.non2xx} non-2xx answers ${JSON.stringify(measured.load.statusCodes)}, ${measured.load.errors} errors (${measured.load.timeouts} timeouts)`);
    }
  }
  console.log("   minimal: one query, 50 plain cards, no client component. card floor: the same query through ContactCard.");
  console.log("   CPU ms/req: the server's CPU time per answer during the c10 load (steadier than req/s on a shared machine).");
  console.log("   TTFB: first body byte (the page streams); whole: the last byte. KB per card: the page's HTML over the cards or rows it shows.");
  console.log(`   1-minute load average during the runs (median): ${round(percentile(pages.map((page) => page.loadAverage), 0.5))} on ${cpus().length} cores.`);
  const minimalValid = results.pages["floor: minimal page"]!.load.valid;
  for (const page of pages) {
    if (page.role === "minimal" || page.role === "cards") continue;
    checks.push(
      [`${page.name} >= 0.5 x minimal floor (${page.vsMinimal})`, page.vsMinimal >= 0.5, page.load.valid && minimalValid],
      [`${page.name} p99 at c10 <= 500 ms (${page.load.p99Ms} ms)`, page.load.p99Ms <= 500, page.load.valid],
      [`${page.name} HTML <= 250 KB (${round(page.html.bytes / 1024)} KB for ${page.html.items} ${page.counts})`, page.html.bytes <= 250 * 1024],
      [`${page.name} TTFB at c1 <= 50 ms (${page.c1.firstByteMs} ms)`, page.c1.firstByteMs <= 50],
    );
  }
  }

  if (results.exports) {
  console.log(`\n== Export of ${smaller.toLocaleString()} shares ==`);
  line("format", "seconds", "MB", "peak RSS MB", "status", "cards/rows");
  for (const [format, row] of Object.entries(results.exports)) {
    line(format, row.seconds, round(row.bytes / 1e6), row.peakRssMb, row.status, `${row.counted} of ${row.shares}`);
    checks.push([`export .${format} <= 15 s (${row.seconds} s) with peak RSS <= 350 MB (${row.peakRssMb} MB)`, row.seconds <= 15 && row.peakRssMb <= 350, row.valid]);
  }
  }

  if (results.purge) {
    const purge = results.purge;
    console.log(`\n== Retention purge at ${purge.shares.toLocaleString()} shares (npm run purge in its own process, ingest at c10 meanwhile) ==`);
    line("shares purged", "seconds", "deleting s", "index s", "shares/s", "ingest p50/p99", "2xx/s");
    line("before the purge (no purge)", "", "", "", "", `${purge.baseline.p50Ms}/${purge.baseline.p99Ms} ms`, purge.baseline.requestsPerSecond);
    line(purge.purged.toLocaleString(), purge.purgeSeconds, purge.deleteSeconds, purge.compactSeconds, purge.sharesPerSecond, `${purge.during.p50Ms}/${purge.during.p99Ms} ms`, purge.during.requestsPerSecond);
    console.log(`   ${purge.callbacksRedacted.toLocaleString()} log entries redacted; "index": compacting the search index after; purge process wall time ${purge.seconds} s (incl. start-up).`);
    console.log("   Each write is sized to hold the database ~30 ms, with a pause as long between writes; ingest p50/p99 are over the whole purge.");
    const bound = Math.max(100, purge.baseline.p99Ms + 50);
    checks.push([`ingest p99 during the purge <= max(100 ms, p99 without it + 50 ms) (${purge.during.p99Ms} ms; bound ${bound} ms)`, purge.during.p99Ms <= bound, purge.valid]);
    checks.push([`the purge compacted the search index within its 10 minutes (${purge.compactSeconds} s${purge.compacted ? "" : "; left for the next purge"})`, purge.compacted, purge.valid]);
  }

  if (results.carddav) {
    const { initial, incremental } = results.carddav;
    console.log(`\n== CardDAV ("All shared contacts"; time at the client on localhost) ==`);
    line("initial sync", "seconds", "PROPFIND s", "requests", "cards", "peak RSS MB");
    line(`${initial.shares.toLocaleString()} cards`, initial.seconds, initial.propfindSeconds, initial.requests, `${initial.cards} of ${initial.shares}`, initial.peakRssMb);
    console.log("   PROPFIND Depth 1 (every href and ETag), then addressbook-multiget in batches of 1,000 hrefs, each answer read to its end.");
    line("incremental sync (10 new)", "rounds", "p50", "p95", "max");
    line(`at ${incremental.shares.toLocaleString()} shares`, incremental.rounds, `${incremental.p50Ms} ms`, `${incremental.p95Ms} ms`, `${incremental.maxMs} ms`);
    console.log("   Each round: 10 callbacks posted, then REPORT sync-collection with the previous token (must list exactly those 10).");
    const initialValid = initial.problems.length === 0;
    checks.push([`CardDAV initial sync of ${initial.shares.toLocaleString()} cards <= 60 s (${initial.seconds} s) with peak RSS <= 350 MB (${initial.peakRssMb} MB)`, initial.seconds <= 60 && initial.peakRssMb <= 350, initialValid]);
    checks.push([`CardDAV incremental sync (10 new) at ${incremental.shares.toLocaleString()} <= 100 ms (p95 ${incremental.p95Ms} ms)`, incremental.p95Ms <= 100, incremental.problems.length === 0]);
  }

  console.log(`\n== Storage (${results.engine === "postgres" ? "pg_database_size" : "database file"} incl. indexes and the callback log) ==`);
  line("shares", "bytes", "bytes/share");
  for (const [shares, row] of Object.entries(results.storage)) {
    line(Number(shares).toLocaleString(), row.bytes.toLocaleString(), row.bytesPerShare);
    // The storage target is the embedded engine's; PostgreSQL's pages, tuple headers and trigram index cost more, and are printed for comparison.
    if (results.engine !== "postgres") checks.push([`storage at ${Number(shares).toLocaleString()} <= 2,500 B/share (${row.bytesPerShare} B)`, row.bytesPerShare <= 2500]);
  }

  console.log(`\n== Targets ==`);
  for (const [check, met, valid = true] of checks) console.log(`${!valid ? "INVALID" : met ? "met    " : "MISSED "} ${check}`);
  console.log(`\n${checks.filter(([, met, valid = true]) => met && valid).length} of ${checks.length} targets met${small ? " (small run: the targets are meant for the full sizes)" : ""}.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
