import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** The command-line scripts, run as the README runs them (tsx with the react-server condition), on a throwaway SQLite file. */
const folder = mkdtempSync(path.join(tmpdir(), "command-line-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function run(script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "--conditions", "react-server", path.join("scripts", script), ...args], {
    env: { ...process.env, DATABASE_PATH: path.join(folder, "inbox.db"), DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the command-line scripts", () => {
  it.each(["agents.ts", "tokens.ts", "purge.ts", "db-copy.ts"])("%s: an unknown option is a one-line error with the usage and status 2, --help the usage and 0", (script) => {
    const wrong = run(script, "--no-such-option");
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^error: Unknown option '--no-such-option'/);
    expect(wrong.stderr).toContain("usage: npm run");
    expect(wrong.stderr).not.toMatch(/^\s+at /m);
    const help = run(script, "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run/);
  });
});
