/**
 * One contender in the first-admin race (see first-admin-race.test.ts): waits until the agreed
 * moment, then tries to become the first admin, and prints what happened as JSON.
 */
import { createFirstAdmin } from "../../db/queries/agents";

const [startAt, email] = [Number(process.argv[2]), process.argv[3]!];
const wait = startAt - Date.now();
setTimeout(() => {
  const admin = createFirstAdmin({ email, passwordHash: "$argon2id$not-a-real-hash" });
  console.log(JSON.stringify({ email, created: admin !== null }));
}, Math.max(0, wait));
