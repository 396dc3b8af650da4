import { classifyPostgresError, isRetryable } from "./storage-errors";

/**
 * Runs a unit of storage work, turning the PostgreSQL errors a retry can cure into
 * StorageUnavailableError. With `retries`, a deadlock or serialization failure is retried first
 * (the work must be one whole transaction).
 */
export async function guardedPg<T>(work: () => Promise<T>, options: { retries?: number } = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt < (options.retries ?? 0) && isRetryable(error)) continue;
      throw classifyPostgresError(error);
    }
  }
}
