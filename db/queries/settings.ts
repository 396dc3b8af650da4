import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "../client";
import { settings } from "../schema";

export function getSetting(params: { key: string }): string | null {
  return getDb().select({ value: settings.value }).from(settings).where(eq(settings.key, params.key)).get()?.value ?? null;
}

export function putSetting(params: { key: string; value: string }): void {
  getDb().insert(settings).values(params).onConflictDoUpdate({ target: settings.key, set: { value: params.value } }).run();
}
