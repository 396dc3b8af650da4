import "server-only";
import { getDb } from "../client";

/** True when the database file opens, is migrated and answers a query. */
export function checkDatabase(): boolean {
  return getDb().$client.prepare("select 1 as ok").get() !== undefined;
}
