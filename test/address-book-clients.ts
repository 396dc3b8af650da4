import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/*
 * The real address-book programs the export tests import into: Debian's khard, vdirsyncer and
 * python3-vobject (scripts/ensure-test-packages.sh installs them). They are required, not
 * optional: a missing one fails the test rather than skipping it.
 */

/** Debian's python3, where python3-vobject is installed (a python3 earlier on PATH, e.g. pyenv's, lacks it). */
export const debianPython = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** Runs a program with no stdin (khard asks questions on a terminal), failing with its stderr. */
export function run(command: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): string {
  try {
    return execFileSync(command, args, {
      input: options.input ?? "",
      encoding: "utf8",
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed: ${failure.stderr || failure.stdout || failure.message}`);
  }
}
