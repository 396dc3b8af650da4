import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import { countOtherBrowsers, signOutOtherBrowsers } from "./account-changes";
import { hashPassword } from "./passwords";
import { agentOfSession, startSession } from "./sessions";

let counter = 0;
async function newAgent() {
  counter += 1;
  return (await getStore()).createAgent({ email: `browsers${counter}@example.com`, passwordHash: await hashPassword("long enough password"), isAdmin: false });
}

describe("other browsers", () => {
  it("counts the agent's other live sessions, not this one, not expired ones, not another agent's", async () => {
    const store = await getStore();
    const agent = await newAgent();
    const other = await newAgent();
    const here = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    expect(await countOtherBrowsers(store, { agent, token: here.token })).toBe(0);
    await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    await startSession(store, { agentId: agent.id, lifetimeMs: 60_000, now: new Date(Date.now() - 120_000) });
    await startSession(store, { agentId: other.id, lifetimeMs: 60_000 });
    expect(await countOtherBrowsers(store, { agent, token: here.token })).toBe(2);
  });

  it("signs out every other browser of the agent, keeps this one and the other agents', and records it", async () => {
    const store = await getStore();
    const agent = await newAgent();
    const other = await newAgent();
    const here = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    const laptop = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    const phone = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    const someoneElse = await startSession(store, { agentId: other.id, lifetimeMs: 60_000 });

    expect(await signOutOtherBrowsers(store, { agent, token: here.token, clientAddress: "192.0.2.70" })).toBe(2);
    expect(await agentOfSession(store, here.token)).toMatchObject({ id: agent.id });
    expect(await agentOfSession(store, laptop.token)).toBeNull();
    expect(await agentOfSession(store, phone.token)).toBeNull();
    expect(await agentOfSession(store, someoneElse.token)).toMatchObject({ id: other.id });
    expect(await countOtherBrowsers(store, { agent, token: here.token })).toBe(0);

    const [latest] = (await store.listAuditEvents({ limit: 50 })).filter((event) => event.action === "auth.sign_out_others");
    expect(latest).toMatchObject({ actorType: "agent", actorId: agent.id, clientAddress: "192.0.2.70", details: { sessionsEnded: 2 } });
  });
});
