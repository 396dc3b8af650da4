import { describe, expect, it } from "vitest";
import { getStore } from "@/app/_server/store";
import { createAppPassword, hashAppPassword } from "./app-passwords";
import { changeOwnPassword } from "./change-password";
import { hashPassword } from "./passwords";
import { agentOfSession, startSession } from "./sessions";
import { maxFailuresPerAccount, signIn } from "./sign-in";

const password = "the first long password";
const newPassword = "a brand new long password";
let counter = 0;

async function newAgent() {
  counter += 1;
  const store = await getStore();
  const agent = await store.createAgent({ email: `changer${counter}@example.com`, passwordHash: await hashPassword(password), isAdmin: false });
  return agent;
}

async function latestAudit(action: string) {
  return (await (await getStore()).listAuditEvents({ limit: 50 })).find((event) => event.action === action);
}

const noSleep = async () => {};

describe("changeOwnPassword", () => {
  it("changes the password, ends every other session, starts a new one and records who did it", async () => {
    const store = await getStore();
    const agent = await newAgent();
    const here = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    const elsewhere = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });

    const result = await changeOwnPassword(store, { agent, currentPassword: password, newPassword, confirmPassword: newPassword, clientAddress: "192.0.2.40" });
    expect(result.ok).toBe(true);
    expect(await agentOfSession(store, here.token)).toBeNull();
    expect(await agentOfSession(store, elsewhere.token)).toBeNull();
    expect(result.ok && (await agentOfSession(store, result.token))?.id).toBe(agent.id);

    expect((await signIn(store, { email: agent.email, password, clientAddress: "192.0.2.41" })).ok).toBe(false);
    expect((await signIn(store, { email: agent.email, password: newPassword, clientAddress: "192.0.2.41" })).ok).toBe(true);
    expect(await latestAudit("agent.password_change")).toMatchObject({ actorType: "agent", actorId: agent.id, clientAddress: "192.0.2.40", details: { agentId: agent.id, email: agent.email } });
    expect(JSON.stringify(await store.listAuditEvents({ limit: 1000 }))).not.toContain(newPassword);
  });

  it("keeps the agent's app passwords working", async () => {
    const store = await getStore();
    const agent = await newAgent();
    const created = await createAppPassword(store, { agent, name: "phone", clientAddress: null });
    if (!created.ok) throw new Error(created.error);
    await changeOwnPassword(store, { agent, currentPassword: password, newPassword, confirmPassword: newPassword, clientAddress: "192.0.2.42" });
    expect((await store.findLiveAppPassword({ secretHash: hashAppPassword(created.password), now: new Date() }))?.agent.id).toBe(agent.id);
  });

  it("names what is wrong and changes nothing: short, mismatched or unchanged new password, wrong current password", async () => {
    const store = await getStore();
    const agent = await newAgent();
    const session = await startSession(store, { agentId: agent.id, lifetimeMs: 60_000 });
    const attempt = (currentPassword: string, next: string, confirm = next) => changeOwnPassword(store, { agent, currentPassword, newPassword: next, confirmPassword: confirm, clientAddress: "192.0.2.43", sleep: noSleep });

    expect(await attempt(password, "short")).toEqual({ ok: false, field: "newPassword", error: "New password must be at least 10 characters." });
    expect(await attempt(password, newPassword, `${newPassword}!`)).toEqual({ ok: false, field: "confirmPassword", error: "The two new passwords are not the same." });
    expect(await attempt("", newPassword)).toEqual({ ok: false, field: "currentPassword", error: "Enter your current password." });
    expect(await attempt(password, password)).toEqual({ ok: false, field: "newPassword", error: "The new password is the same as the current one." });
    expect(await attempt("not my password", newPassword)).toEqual({ ok: false, field: "currentPassword", error: "Your current password is not right." });
    expect(await latestAudit("auth.sign_in_failed")).toMatchObject({ actorId: agent.id, details: { email: agent.email, during: "password change" } });

    expect(await agentOfSession(store, session.token)).not.toBeNull();
    expect((await signIn(store, { email: agent.email, password, clientAddress: "192.0.2.44" })).ok).toBe(true);
  });

  it(`counts a wrong current password as a failed sign-in: after ${maxFailuresPerAccount} the account is locked, the right one included`, async () => {
    const store = await getStore();
    const agent = await newAgent();
    const start = new Date("2031-02-03T10:00:00Z");
    for (let i = 0; i < maxFailuresPerAccount; i++) {
      const result = await changeOwnPassword(store, { agent, currentPassword: `guess number ${i}`, newPassword, confirmPassword: newPassword, clientAddress: `192.0.2.${50 + i}`, now: new Date(start.getTime() + i), sleep: noSleep });
      expect(result).toMatchObject({ ok: false, field: "currentPassword", error: "Your current password is not right." });
    }
    expect(await latestAudit("auth.lockout")).toMatchObject({ actorId: agent.id, details: { locked: "account" } });
    const locked = await changeOwnPassword(store, { agent, currentPassword: password, newPassword, confirmPassword: newPassword, clientAddress: "192.0.2.99", now: new Date(start.getTime() + 60_000) });
    expect(locked).toMatchObject({ ok: false, field: "currentPassword", error: expect.stringMatching(/^Too many failed sign-ins/) });
    expect((await signIn(store, { email: agent.email, password, clientAddress: "192.0.2.99", now: new Date(start.getTime() + 60_000) })).ok).toBe(false);
  }, 60_000);
});
