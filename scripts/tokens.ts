/**
 * `npm run tokens -- create --name N` prints a new API token alone on its last line (shown once);
 * `list`; `revoke --id ID`.
 */
import { closeStore, getStore } from "../app/_server/store";
import { parseCommandLine } from "./command-line";
import { issueApiToken, revokeApiToken } from "../lib/auth/account-changes";

/** Changes made here are audited as made on the command line. */
const cli = { by: { type: "cli" as const }, clientAddress: null };

const usage = `usage: npm run tokens -- <command> [options]
  create --name N [--expires-days D]
                      create an API token and print it (only this once); no expiry unless given
  list                list tokens (never the tokens themselves)
  revoke --id ID      revoke a token`;

async function main(): Promise<number> {
  const { positionals, values } = parseCommandLine({ allowPositionals: true, options: { name: { type: "string" }, id: { type: "string" }, "expires-days": { type: "string" } } }, usage);
  const [command] = positionals;
  const store = await getStore();
  if (command === "create") {
    const name = values.name?.trim();
    if (!name) return fail("--name is required");
    const days = values["expires-days"];
    if (days !== undefined && !/^[1-9]\d{0,4}$/.test(days)) return fail("--expires-days must be a whole number of days");
    const expiresAt = days === undefined ? null : new Date(Date.now() + Number(days) * 86_400_000);
    const { token, apiToken } = await issueApiToken(store, { name, createdBy: null, expiresAt, ...cli });
    console.log(`created API token #${apiToken.id} "${name}"${expiresAt ? `, expires ${expiresAt.toISOString()}` : ""}; use it as: Authorization: Bearer <token>`);
    console.log(token);
    return 0;
  }
  if (command === "list") {
    for (const token of await store.listApiTokens()) console.log(`#${token.id}\t${token.prefix}…\t${token.name}\t${token.revokedAt ? "revoked" : token.expiresAt && token.expiresAt.getTime() <= Date.now() ? "expired" : "live"}\t${token.lastUsedAt ? `last used ${token.lastUsedAt.toISOString()}` : "never used"}`);
    return 0;
  }
  if (command === "revoke") {
    const id = Number(values.id);
    if (!Number.isInteger(id) || id <= 0) return fail("--id must be a token id (see list)");
    if (!(await revokeApiToken(store, { id, ...cli }))) return fail(`no live token #${id}`);
    console.log(`revoked token #${id}`);
    return 0;
  }
  return fail(`unknown command ${command ?? "(none)"}`);
}

function fail(message: string): number {
  console.error(`error: ${message}\n${usage}`);
  return 2;
}

main()
  .finally(closeStore)
  .then((code) => process.exit(code));
