/**
 * One contender in the first-admin race (see first-admin-race.test.ts): waits until the agreed
 * moment, then tries to become the first admin, and prints what happened as JSON.
 */
import { closeStore, getStore } from "../../app/_server/store";

const [startAt, email] = [Number(process.argv[2]), process.argv[3]!];

async function main() {
  const store = await getStore();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  const admin = await store.createFirstAdmin({ email, passwordHash: "$argon2id$not-a-real-hash" });
  console.log(JSON.stringify({ email, created: admin !== null }));
}

main().finally(closeStore);
