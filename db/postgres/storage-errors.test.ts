import { describe, expect, it } from "vitest";
import { isStorageUnavailable, StorageUnavailableError } from "@/lib/model/storage-errors";
import { classifyPostgresError, isRetryable } from "./storage-errors";

/**
 * Which PostgreSQL failures the app answers with 503 and Retry-After (waiting can cure them) and
 * which stay errors: every SQLSTATE and socket code the classifier names, as node-postgres raises
 * them and as drizzle wraps them. The real outages (server stopped, restarted, statement timeout,
 * out of connections) are driven in app/api/callbacks/whatsapp/unavailable.postgres.test.ts.
 */

const pgError = (code: string, message = `error ${code}`) => Object.assign(new Error(message), { code });
/** How drizzle reports a failed query: its own error, the driver's as the cause. */
const wrapped = (cause: unknown) => new Error("Failed query: select 1", { cause });

function reasonOf(error: unknown): string | null {
  const classified = classifyPostgresError(error);
  return isStorageUnavailable(classified) ? classified.reason : null;
}

describe("classifyPostgresError", () => {
  it.each([
    ["ECONNREFUSED", "unreachable"],
    ["ECONNRESET", "unreachable"],
    ["ETIMEDOUT", "unreachable"],
    ["ENOTFOUND", "unreachable"],
    ["EHOSTUNREACH", "unreachable"],
    ["ENETUNREACH", "unreachable"],
    ["EPIPE", "unreachable"],
    ["EAI_AGAIN", "unreachable"],
    ["08006", "unreachable"],
    ["08001", "unreachable"],
    ["08P01", "unreachable"],
    ["57P01", "unreachable"],
    ["57P02", "unreachable"],
    ["57P03", "unreachable"],
    ["57014", "timeout"],
    ["53100", "full"],
    ["53300", "overloaded"],
    ["53200", "overloaded"],
    ["40P01", "locked"],
    ["40001", "locked"],
    ["55P03", "locked"],
    ["58030", "io"],
  ])("reads %s as %s, bare or wrapped by drizzle", (code, reason) => {
    expect(reasonOf(pgError(code))).toBe(reason);
    expect(reasonOf(wrapped(pgError(code)))).toBe(reason);
    expect(reasonOf(wrapped(wrapped(pgError(code))))).toBe(reason);
  });

  it.each(["23505", "42P01", "22P02", "57P04", "58000", "42501", "EACCES", "X08006", "5", "4"])("leaves %s as the error it is", (code) => {
    const error = pgError(code);
    expect(classifyPostgresError(error)).toBe(error);
    const outer = wrapped(error);
    expect(classifyPostgresError(outer)).toBe(outer);
  });

  it.each(["57014", "ECONNREFUSED", "08006", "53100", "53300", "40P01", "58030"])("keeps the original error as the cause (%s)", (code) => {
    const error = wrapped(pgError(code));
    const classified = classifyPostgresError(error) as StorageUnavailableError;
    expect(classified.cause).toBe(error);
  });

  it("keeps node-postgres's own error as the cause", () => {
    for (const message of ["Connection terminated unexpectedly", "timeout exceeded when trying to connect"]) {
      const error = new Error(message);
      expect((classifyPostgresError(error) as StorageUnavailableError).cause).toBe(error);
    }
  });

  it("names the reason in the message", () => {
    expect((classifyPostgresError(wrapped(pgError("57014"))) as StorageUnavailableError).message).toBe("storage unavailable (timeout)");
  });

  it("passes an error already classified through unchanged", () => {
    const already = new StorageUnavailableError("full");
    expect(classifyPostgresError(already)).toBe(already);
  });

  it.each([
    ["Connection terminated unexpectedly", "unreachable"],
    ["connection terminated due to connection timeout", "unreachable"],
    ["timeout exceeded when trying to connect", "overloaded"],
    ["Client has encountered a connection error and is not queryable", "unreachable"],
    ["Client was closed and is not queryable", null],
    ["connection is not queryable", "unreachable"],
  ])("reads node-postgres's words %j as %s", (message, reason) => {
    expect(reasonOf(new Error(message))).toBe(reason);
    expect(reasonOf(wrapped(new Error(message)))).toBe(reason);
  });

  it("leaves an error whose code and words it does not know", () => {
    expect(reasonOf(pgError("23505", "duplicate key value violates unique constraint"))).toBeNull();
    expect(reasonOf(new Error("duplicate key value"))).toBeNull();
  });

  it("reads a thrown value that is not an Error by its text", () => {
    expect(reasonOf("Connection terminated")).toBe("unreachable");
    expect(reasonOf("boom")).toBeNull();
    expect(reasonOf(null)).toBeNull();
    expect(reasonOf(undefined)).toBeNull();
  });

  it("reads the code of the first error in the chain that has one", () => {
    const inner = pgError("23505");
    const middle = Object.assign(new Error("middle", { cause: inner }), { code: "57014" });
    expect(reasonOf(wrapped(middle))).toBe("timeout");
  });

  it("looks at most five causes deep", () => {
    let error: unknown = pgError("57014");
    for (let depth = 0; depth < 5; depth++) error = wrapped(error);
    expect(reasonOf(error)).toBe("timeout");
    expect(reasonOf(wrapped(error))).toBeNull();
  });
});

describe("isRetryable", () => {
  it("retries a deadlock or a serialization failure, bare or wrapped, and nothing else", () => {
    for (const code of ["40P01", "40001"]) {
      expect(isRetryable(pgError(code))).toBe(true);
      expect(isRetryable(wrapped(pgError(code)))).toBe(true);
    }
    for (const code of ["55P03", "57014", "23505", "08006"]) expect(isRetryable(wrapped(pgError(code)))).toBe(false);
    expect(isRetryable(new Error("deadlock"))).toBe(false);
    expect(isRetryable(null)).toBe(false);
  });
});
