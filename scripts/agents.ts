/**
 * `npm run agents -- add --email E --password P [--admin] [--name N]`, `list`, `disable --email E`,
 * `enable --email E`, `password --email E --password P`, `app-password --email E --name N`: manage
 * agents without the web UI.
 */
import { closeStore, getStore } from "../app/_server/store";
import { parseCommandLine } from "./command-line";
import { hashPassword, passwordSchema } from "../lib/auth/passwords";
import { discardSetupCode } from "../lib/auth/setup-code";
import { addAgent, resetAgentPassword, setAgentDisabled } from "../lib/auth/account-changes";
import { createAppPassword } from "../lib/auth/app-passwords";

/** Changes made here are audited as made on the command line. */
const cli = { by: { type: "cli" as const }, clientAddress: null };

const usage = `usage: npm run agents -- <command> [options]
  add --email E --password P [--admin] [--name N]   create an agent (an admin with --admin)
  list                                               list agents
  disable --email E | enable --email E               disable (ends their sessions) or re-enable
  password --email E --password P                    set a new password (ends their sessions)
  app-password --email E --name N                    create an app password for CardDAV (printed once)`;

async function main(): Promise<number> {
  const { positionals, values } = parseCommandLine(
    { allowPositionals: true, options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" }, admin: { type: "boolean", default: false } } },
    usage,
  );
  const [command] = positionals;
  const store = await getStore();
  if (command === "list") {
    for (const agent of await store.listAgents()) console.log(`${agent.email}\t${agent.isAdmin ? "admin" : "agent"}\t${agent.disabledAt ? "disabled" : "active"}`);
    return 0;
  }
  if (!values.email) return fail("--email is required");
  if (command === "add" || command === "password") {
    const password = passwordSchema.safeParse(values.password ?? "");
    if (!password.success) return fail(`--password ${password.error.issues[0]?.message}`);
    const passwordHash = await hashPassword(password.data);
    const existing = await store.findAgentByEmail({ email: values.email });
    if (command === "add") {
      if (existing) return fail(`${values.email} already has an account`);
      const agent = await addAgent(store, { email: values.email, name: values.name ?? null, passwordHash, isAdmin: values.admin, ...cli });
      await discardSetupCode(store);
      console.log(`added ${agent.email} (${agent.isAdmin ? "admin" : "agent"})`);
      return 0;
    }
    if (!existing) return fail(`no agent ${values.email}`);
    await resetAgentPassword(store, { agent: existing, passwordHash, ...cli });
    console.log(`password of ${existing.email} changed; their sessions were ended`);
    return 0;
  }
  if (command === "app-password") {
    const existing = await store.findAgentByEmail({ email: values.email });
    if (!existing) return fail(`no agent ${values.email}`);
    const created = await createAppPassword(store, { agent: existing, name: values.name ?? "command line", ...cli });
    if (!created.ok) return fail(created.error);
    console.log(created.password);
    return 0;
  }
  if (command === "disable" || command === "enable") {
    const existing = await store.findAgentByEmail({ email: values.email });
    if (!existing) return fail(`no agent ${values.email}`);
    await setAgentDisabled(store, { agent: existing, disabled: command === "disable", ...cli });
    console.log(`${existing.email} ${command}d`);
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
