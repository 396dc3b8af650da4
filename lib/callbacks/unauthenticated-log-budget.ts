/**
 * How many unauthenticated callbacks a server writes to the callback log per minute: anyone who can
 * reach the callback URL can send them, and each logged one is a row on disk (an attack review sent
 * 394 a second from one client, some 5 GB a day). Within the budget they are logged as before, so a
 * wrong token is plain to see on /deliveries; past it they are still answered 401, only not logged,
 * and the server says how many it left out once a minute.
 */
export type LogBudgetLimits = { perAddress: number; total: number; windowMs: number; maxAddresses: number };

export const unauthenticatedLogLimits: LogBudgetLimits = { perAddress: 30, total: 300, windowMs: 60_000, maxAddresses: 10_000 };

export type LogBudget = {
  /** Whether this client's unauthenticated callback may be logged now; counts it either way. */
  admit(address: string): boolean;
  /** Callbacks left out since the last call, and resets the count. */
  takeLeftOut(): number;
};

export function createLogBudget(limits: LogBudgetLimits, now: () => number = Date.now): LogBudget {
  let windowStart = now();
  let total = 0;
  let leftOut = 0;
  const byAddress = new Map<string, number>();
  return {
    admit(address) {
      const at = now();
      if (at - windowStart >= limits.windowMs) {
        windowStart = at;
        total = 0;
        byAddress.clear();
      }
      const seen = byAddress.get(address);
      // Past maxAddresses distinct clients in one window, a new one is not tracked (memory stays bounded) and not logged.
      const allowed = total < limits.total && (seen ?? 0) < limits.perAddress && (seen !== undefined || byAddress.size < limits.maxAddresses);
      if (seen !== undefined || byAddress.size < limits.maxAddresses) byAddress.set(address, (seen ?? 0) + 1);
      if (allowed) total += 1;
      else leftOut += 1;
      return allowed;
    },
    takeLeftOut() {
      const count = leftOut;
      leftOut = 0;
      return count;
    },
  };
}
