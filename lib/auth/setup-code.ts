import { randomInt } from "node:crypto";
import { env } from "@/lib/env";
import type { Store } from "@/lib/model/store";
import { constantTimeEqual, sha256Hex } from "./secrets";

const settingKey = "setup_code_sha256";
const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I: read off a log and typed by hand

/**
 * While no agent exists, /setup asks for a one-time code so that a stranger who reaches a fresh
 * deployment first cannot claim it. The code comes from SETUP_CODE, or is made here and printed
 * to the server log; only its hash is stored.
 */
export async function prepareSetupCode(store: Store, log: (line: string) => void = console.log): Promise<void> {
  if ((await store.countAgents()) > 0) return;
  if (env.SETUP_CODE !== undefined) {
    await store.putSetting({ key: settingKey, value: sha256Hex(env.SETUP_CODE) });
    log("[contact-inbox] No agent yet: open /setup and enter SETUP_CODE (from the environment) to create the first admin.");
    return;
  }
  const code = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join("")).join("-");
  await store.putSetting({ key: settingKey, value: sha256Hex(code) });
  log(`[contact-inbox] No agent yet: open /setup and enter the one-time setup code ${code} to create the first admin.`);
}

export async function hasSetupCode(store: Store): Promise<boolean> {
  return Boolean(await store.getSetting({ key: settingKey }));
}

export async function checkSetupCode(store: Store, code: string): Promise<boolean> {
  const stored = await store.getSetting({ key: settingKey });
  if (!stored) return false;
  // A generated code is typed by hand: case and surrounding spaces do not matter. A chosen SETUP_CODE is exact.
  const given = env.SETUP_CODE !== undefined ? code : code.trim().toUpperCase();
  return constantTimeEqual(sha256Hex(given), stored);
}

/** Once the first admin exists the code is spent, for good. */
export async function discardSetupCode(store: Store): Promise<void> {
  await store.putSetting({ key: settingKey, value: "" });
}
