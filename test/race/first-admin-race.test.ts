import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";

/** Runs one contender in its own process; resolves with what it printed. */
function contender(startAt: number, email: string): Promise<{ email: string; created: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions", "react-server", path.join(__dirname, "create-first-admin.ts"), String(startAt), email], {
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`contender exited ${code}: ${err}`))));
  });
}

describe("the first admin, raced by separate processes", () => {
  it("is created exactly once when five processes try at the same moment", async () => {
    const store = await getStore();
    expect(await store.countAgents()).toBe(0);
    // Every process loads first, then all start at the same wall-clock moment.
    const startAt = Date.now() + 4000;
    const results = await Promise.all(Array.from({ length: 5 }, (_, index) => contender(startAt, `racer${index}@example.com`)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const agents = await store.listAgents();
    expect(agents).toHaveLength(1);
    expect(agents[0]).toMatchObject({ isAdmin: true, email: results.find((result) => result.created)!.email });
  }, 60_000);
});
