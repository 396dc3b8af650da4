/**
 * `npm run test:scaleout` (after `npm run build`): two `next start` instances on one PostgreSQL
 * server, as behind a load balancer, and what must hold between them:
 *  1. both start at once and migrate once (advisory lock);
 *  2. callbacks split across both, with redeliveries of the same message reaching both at the same
 *     moment: every answer 200, every message stored exactly once;
 *  3. a session made on A works on B; an agent disabled on A is refused on B at once; a callback
 *     received by A shows in B's live count;
 *  4. A is SIGKILLed mid-load: the load balancer (this client) moves to B; nothing acknowledged is
 *     lost and B keeps answering;
 *  5. PostgreSQL restarts under load (`pg_ctl restart -m fast`): 503 + Retry-After while it is
 *     down, never 500 and never a 200 for unsaved data; the app recovers without a restart.
 * `-- --small` runs fewer callbacks (CI). Every scenario prints what it proved; any failure exits 1.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { chromium } from "playwright-core";
import { benchCallback, benchMessageId } from "../../bench/dataset";
import { startPostgresCluster, type PostgresCluster } from "../postgres-cluster";
import { callbackToken, countStatuses, expectThat, pool, postCallback, reliabilityPort, root, sleep, startServer, type Answer, type Server } from "../reliability/harness";

const small = process.argv.includes("--small");
const total = small ? 300 : 2000;
const admin = { email: "admin@scaleout.example", password: "scaleout-admin-password" };
const agent = { email: "agent@scaleout.example", password: "scaleout-agent-password" };

type Instance = Server & { name: string };

async function main(): Promise<number> {
  const started = performance.now();
  const cluster = await startPostgresCluster({ settings: { max_connections: 100 } });
  cluster.createDatabase("inbox");
  const url = cluster.urlFor("inbox");
  const instances: Instance[] = [];
  const results: { name: string; ok: boolean; detail: string }[] = [];
  const scenario = async (name: string, run: () => Promise<string>) => {
    const at = performance.now();
    try {
      const detail = await run();
      results.push({ name, ok: true, detail });
      console.log(`PASS  ${name} (${((performance.now() - at) / 1000).toFixed(1)} s)\n      ${detail}`);
    } catch (error) {
      results.push({ name, ok: false, detail: (error as Error).message });
      console.log(`FAIL  ${name}\n      ${(error as Error).message}`);
    }
  };
  try {
    await scenario("two instances start together and migrate once", async () => {
      const [a, b] = await Promise.all(["A", "B"].map(async (name, index) => Object.assign(await startServer("/nonexistent/unused.db", reliabilityPort(20 + index), { DATABASE_URL: url, DATABASE_POOL_SIZE: "10" }), { name })));
      instances.push(a!, b!);
      const applied = Number((await query(url, "select count(*) as n from drizzle.__drizzle_migrations"))[0]!.n);
      const files = readdirSync(path.join(root, "db", "postgres", "migrations")).filter((file) => file.endsWith(".sql")).length;
      expectThat(applied === files, `${files} migrations applied once each, found ${applied} rows in drizzle.__drizzle_migrations`);
      for (const who of [admin, agent]) cli(url, ["scripts/agents.ts", "add", "--email", who.email, "--password", who.password, ...(who === admin ? ["--admin"] : [])]);
      return `A and B healthy; ${applied} migrations recorded once each`;
    });
    const [a, b] = instances as [Instance, Instance];

    await scenario(`${total} callbacks across both, concurrent cross-instance redeliveries`, async () => {
      // Every 4th message goes to A and B at the same moment; every 10th is redelivered later to the other instance.
      const answers: { messageId: string; answer: Answer }[] = [];
      const messages = Array.from({ length: total }, (_, index) => index);
      await pool(messages, 16, async (index) => {
        const body = benchCallback(index);
        const messageId = benchMessageId(index);
        const targets = index % 4 === 0 ? [a, b] : [index % 2 === 0 ? a : b];
        const got = await Promise.all(targets.map((instance) => postCallback(instance.port, body)));
        for (const answer of got) answers.push({ messageId, answer });
        if (index % 10 === 5) answers.push({ messageId, answer: await postCallback((index % 2 === 0 ? b : a).port, body) });
      });
      const statuses = countStatuses(answers.map((entry) => entry.answer));
      expectThat(answers.every((entry) => entry.answer.status === 200), `every answer 200, got ${JSON.stringify(statuses)}`);
      const stored = await storedPerMessage(url, 0, total);
      const expected = await expectedCards(0, total);
      const wrong = [...expected].filter(([id, cards]) => stored.get(id) !== cards);
      expectThat(wrong.length === 0, `every message stored exactly once (its cards once each); ${wrong.length} differ, e.g. ${JSON.stringify(wrong.slice(0, 3).map(([id, cards]) => [id, cards, stored.get(id) ?? 0]))}`);
      const drift = await counterDrift(url);
      expectThat(drift.length === 0, `every counter equal to a recount after concurrent writes from both instances; ${drift.length} differ, e.g. ${JSON.stringify(drift.slice(0, 3))}`);
      const log = await query(url, "select outcome, count(*) as n from callbacks group by outcome");
      const stores = Number(log.find((row) => row.outcome === "stored")?.n ?? 0);
      expectThat(stores === total, `exactly ${total} log entries "stored" (one per message), got ${stores}`);
      return `${answers.length} answers ${JSON.stringify(statuses)}; ${total} messages stored exactly once; counters (summed over shards) equal a recount; log ${JSON.stringify(Object.fromEntries(log.map((row) => [row.outcome, Number(row.n)])))}`;
    });

    await scenario("a session from A works on B; disabled on A, refused on B at once; live counts across instances", async () => {
      const cookie = await signIn(a, agent);
      const onB = await fetch(`${b.url}/api/contacts?pageSize=1`, { headers: { cookie } });
      expectThat(onB.status === 200, `the session made on A accepted by B, got ${onB.status}`);
      const latest = ((await (await fetch(`${b.url}/api/contacts?pageSize=1`, { headers: { cookie } })).json()) as { items: { id: number }[] }).items[0]!.id;
      const live = async () => ((await (await fetch(`${b.url}/api/contacts/updates?after=${latest}`, { headers: { cookie } })).json()) as { count: number }).count;
      const before = await live();
      expectThat((await postCallback(a.port, benchCallback(total + 50_000))).status === 200, "a new callback accepted by A");
      const after = await live();
      expectThat(after === before + 1, `B's live count grows by one for a callback A received (${before} → ${after})`);
      await disableThroughAdminPage(a, agent.email);
      const refused = await fetch(`${b.url}/api/contacts?pageSize=1`, { headers: { cookie } });
      expectThat(refused.status === 401, `the agent disabled on A refused on B at once, got ${refused.status}`);
      return `session from A: 200 on B; live count on B ${before} → ${after} after a callback to A; disabled through A's /admin: 401 on B`;
    });

    await scenario("A is SIGKILLed mid-load: nothing acknowledged is lost, B keeps answering", async () => {
      const first = 100_000;
      const count = small ? 200 : 1000;
      const acknowledged = new Set<number>();
      const bAnswers: Answer[] = [];
      let aDown = false;
      let sent = 0;
      let failedOver = 0;
      const killer = (async () => {
        while (sent < count / 3) await sleep(5);
        await a.kill("SIGKILL");
        aDown = true;
      })();
      await pool(Array.from({ length: count }, (_, i) => first + i), 10, async (index) => {
        sent += 1;
        const body = benchCallback(index);
        // The load balancer: A first for even messages while it is up, B otherwise; a connection A drops is retried on B.
        let answer = !aDown && index % 2 === 0 ? await postCallback(a.port, body, { timeoutMs: 10_000 }) : null;
        if (answer === null || answer.status === "no answer") {
          if (answer) failedOver += 1;
          // A connection B closes as it is reused (keep-alive) is retried once, as any sender would.
          for (let attempt = 0; attempt < 2; attempt++) {
            answer = await postCallback(b.port, body);
            bAnswers.push(answer);
            if (answer.status !== "no answer") break;
          }
        }
        if (answer!.status === 200) acknowledged.add(index);
      });
      await killer;
      const exit = a.exit();
      expectThat(exit?.signal === "SIGKILL", `A ended by SIGKILL, saw ${JSON.stringify(exit)}`);
      const resets = bAnswers.filter((answer) => answer.status === "no answer");
      expectThat(bAnswers.every((answer) => answer.status === 200 || answer.status === "no answer"), `every answer from B 200, got ${JSON.stringify(countStatuses(bAnswers))}`);
      expectThat(resets.length <= 2, `B answers (at most a keep-alive race or two), got ${resets.length} dropped: ${JSON.stringify(resets.slice(0, 3))}`);
      expectThat(acknowledged.size === count, `every callback acknowledged by one instance or the other (${acknowledged.size} of ${count})`);
      const stored = await storedPerMessage(url, first, count);
      const expected = await expectedCards(first, count);
      const lost = [...expected].filter(([id, cards]) => stored.get(id) !== cards);
      expectThat(lost.length === 0, `every acknowledged message stored exactly once; ${lost.length} differ, e.g. ${JSON.stringify(lost.slice(0, 3))}`);
      return `A killed after ${Math.round(count / 3)} sends; ${failedOver} callbacks in flight at A retried on B; ${count}/${count} acknowledged, each stored exactly once; B answered ${JSON.stringify(countStatuses(bAnswers))}`;
    });

    await scenario("PostgreSQL restarts under load: 503 while down, nothing acknowledged lost, recovery without restarting the app", async () => {
      const first = 200_000;
      const count = small ? 300 : 1000;
      const answers: Answer[] = [];
      const acknowledged = new Set<number>();
      let sent = 0;
      let restarted = false;
      const restarter = (async () => {
        while (sent < count / 4) await sleep(5);
        await cluster.restart();
        restarted = true;
      })();
      await pool(Array.from({ length: count }, (_, i) => first + i), 8, async (index) => {
        sent += 1;
        const body = benchCallback(index);
        // A sender that honours 503 + Retry-After (shortened here) and retries until acknowledged.
        for (let attempt = 0; attempt < 200; attempt++) {
          const answer = await postCallback(b.port, body);
          answers.push(answer);
          if (answer.status === 200) {
            acknowledged.add(index);
            return;
          }
          await sleep(answer.status === 503 ? 200 : 100);
        }
      });
      await restarter;
      const statuses = countStatuses(answers);
      expectThat(restarted, "PostgreSQL was restarted during the load");
      expectThat(answers.every((answer) => answer.status === 200 || answer.status === 503), `only 200 or 503 answers (never 500 or a dropped connection), got ${JSON.stringify(statuses)}`);
      expectThat(answers.filter((answer) => answer.status === 503).every((answer) => answer.status === 503 && answer.retryAfter === "5"), "every 503 carries Retry-After: 5");
      expectThat((statuses["503"] ?? 0) > 0, `some 503s while PostgreSQL was down, got ${JSON.stringify(statuses)}`);
      expectThat(acknowledged.size === count, `every callback acknowledged in the end (${acknowledged.size} of ${count})`);
      const stored = await storedPerMessage(url, first, count);
      const expected = await expectedCards(first, count);
      const wrong = [...expected].filter(([id, cards]) => stored.get(id) !== cards);
      expectThat(wrong.length === 0, `every acknowledged message stored exactly once; ${wrong.length} differ`);
      const health = await fetch(`${b.url}/api/health`);
      expectThat(health.status === 200 && b.exit() === null, `B healthy afterwards, same process (health ${health.status})`);
      return `answers ${JSON.stringify(statuses)}; ${count} messages acknowledged, each stored exactly once; B recovered without a restart`;
    });
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    (cluster as PostgresCluster & { stopAndRemove(): void }).stopAndRemove();
  }
  const failed = results.filter((result) => !result.ok);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  return failed.length ? 1 : 0;
}

async function query(url: string, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Counters that differ from a recount of the stored cards: totals, each campaign ref and campaign,
 * each sender and business number, and each day — summed over their shards.
 */
async function counterDrift(url: string): Promise<unknown[]> {
  const recount = `
    select 'all' as facet, '' as value, count(*) as n from contact_shares
    union all select 'ref', ref, count(*) from contact_shares where ref is not null group by ref
    union all select 'ref1', ref1, count(*) from contact_shares where ref1 is not null group by ref1
    union all select 'ref2', ref2, count(*) from contact_shares where ref2 is not null group by ref2
    union all select 'campaign', v, count(*) from (select distinct id, unnest(array[ref, ref1, ref2]) as v from contact_shares) c where v is not null group by v
    union all select 'sender', coalesce(sender_wa_id, sender_user_id), count(*) from contact_shares where coalesce(sender_wa_id, sender_user_id) is not null group by 2
    union all select 'business', business_phone_number, count(*) from contact_shares where business_phone_number is not null group by 2`;
  const counted = `select facet, value, sum(count) as n from facet_counts where facet in ('all', 'ref', 'ref1', 'ref2', 'campaign', 'sender', 'business') group by facet, value having sum(count) <> 0`;
  const days = `select d.day, d.n, c.n as counted from (select floor(extract(epoch from sort_at) / 86400)::int as day, count(*) as n from contact_shares group by 1) d
    full join (select day, sum(count) as n from daily_counts group by day) c on c.day = d.day where d.n is distinct from c.n`;
  const expected = new Map((await query(url, recount)).map((row) => [`${row.facet}|${row.value}`, Number(row.n)]));
  const actual = new Map((await query(url, counted)).map((row) => [`${row.facet}|${row.value}`, Number(row.n)]));
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  return [...[...keys].filter((key) => expected.get(key) !== actual.get(key)).map((key) => ({ key, recount: expected.get(key) ?? 0, counter: actual.get(key) ?? 0 })), ...(await query(url, days))];
}

/** Cards stored per message id, for the messages of benchCallback(first … first + count - 1). */
async function storedPerMessage(url: string, first: number, count: number): Promise<Map<string, number>> {
  const ids = Array.from({ length: count }, (_, i) => benchMessageId(first + i));
  const rows = await query(url, "select message_id, count(*) as n from contact_shares where message_id = any($1) group by message_id", [ids]);
  return new Map(rows.map((row) => [String(row.message_id), Number(row.n)]));
}

/** How many cards each of those messages carries. */
async function expectedCards(first: number, count: number): Promise<Map<string, number>> {
  const expected = new Map<string, number>();
  for (let i = first; i < first + count; i++) {
    const body = JSON.parse(benchCallback(i)) as { meta_object: { value: { messages: { contacts: unknown[] }[] } } };
    expected.set(benchMessageId(i), body.meta_object.value.messages[0]!.contacts.length);
  }
  return expected;
}

async function signIn(instance: Instance, who: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${instance.url}/api/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(who) });
  expectThat(response.status === 200, `signing in on ${instance.name} answers 200, got ${response.status}`);
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith("ci_session="));
  expectThat(cookie !== undefined, "a session cookie");
  return cookie.split(";")[0]!;
}

/** The admin disables the agent through A's own /admin page, in a real browser. */
async function disableThroughAdminPage(instance: Instance, email: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  try {
    const page = await browser.newPage({ baseURL: instance.url });
    await page.goto("/sign-in?next=/admin");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/admin$/);
    const row = page.getByRole("listitem", { name: email, exact: true });
    await row.getByRole("button", { name: "Disable" }).click();
    await row.getByText("disabled").waitFor();
  } finally {
    await browser.close();
  }
}

function cli(url: string, args: string[]): void {
  const result = spawnSync("npx", ["tsx", "--conditions", "react-server", ...args], { cwd: root, env: { ...process.env, DATABASE_URL: url, CALLBACK_TOKEN: callbackToken }, encoding: "utf8" });
  expectThat(result.status === 0, `${args.join(" ")} succeeds: ${result.stderr.trim().slice(-300)}`);
}


main().then((code) => process.exit(code));
