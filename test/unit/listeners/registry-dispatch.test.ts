/**
 * The registry gives Bolt one listener per kind and dispatches by id: Bolt runs every registered
 * listener's filters for every request, so ~80 listeners cost about 1 ms of CPU before each ack.
 */
import { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { createWorkScheduler } from "../../../src/lib/work-scheduler.js";
import { ListenerRegistry } from "../../../src/listeners/registry.js";

function registry() {
  const app = new App({ signingSecret: "s", authorize: async () => ({ botToken: "xoxb-x", botId: "B1" }) });
  return { app, r: new ListenerRegistry(app, createWorkScheduler()) };
}

/** Hands Bolt a request as its receiver would; resolves once the listeners are done. */
async function deliver(app: App, body: Record<string, unknown>) {
  const acks: unknown[] = [];
  await app.processEvent({ body, ack: async (r?: unknown) => void acks.push(r ?? "ack") });
  return acks;
}

const team = { team_id: "T1", user_id: "U1", api_app_id: "A1" };

describe("ListenerRegistry dispatch", () => {
  it("registers one Bolt listener per kind, however many listeners there are", () => {
    const { app, r } = registry();
    for (let i = 0; i < 20; i++) r.command(`/c${i}`, async ({ ack }) => ack());
    for (let i = 0; i < 20; i++) r.action(`a${i}`, async ({ ack }) => ack());
    r.action(/^page_(next|prev)$/, async ({ ack }) => ack());
    r.view("v", async ({ ack }) => ack());
    expect(r.commands.size + r.actions.size + r.views.size).toBe(42);
    expect((app as unknown as { listeners: unknown[] }).listeners).toHaveLength(3);
  });

  it("runs the listener of the id (exact or by pattern), and nothing for an unknown id", async () => {
    const { app, r } = registry();
    const ran: string[] = [];
    const note =
      (what: string) =>
      async ({ ack }: { ack: () => Promise<void> }) => {
        await ack();
        ran.push(what);
      };
    r.command("/story", note("/story"));
    r.command("/backlog", note("/backlog"));
    r.action("edit", note("edit"));
    r.action(/^page_(next|prev)$/, async ({ ack, action }) => {
      await ack();
      ran.push(`page ${(action as { action_id: string }).action_id}`);
    });
    const command = (name: string) => ({ ...team, command: name, text: "", channel_id: "C1" });
    const click = (id: string) => ({
      type: "block_actions",
      team: { id: "T1" },
      user: { id: "U1" },
      api_app_id: "A1",
      actions: [{ action_id: id, block_id: "b", type: "button" }],
    });
    expect(await deliver(app, command("/backlog"))).toHaveLength(1);
    await deliver(app, click("page_prev"));
    await deliver(app, click("edit"));
    expect(await deliver(app, click("page_last"))).toEqual([]);
    expect(await deliver(app, command("/nope"))).toEqual([]);
    expect(ran).toEqual(["/backlog", "page page_prev", "edit"]);
  });

  it("a listener's failure reaches Bolt's error handler as before", async () => {
    const { app, r } = registry();
    const errors: unknown[] = [];
    app.error(async (error) => void errors.push(error.original ?? error));
    r.command("/story", async ({ ack }) => {
      await ack();
      throw new Error("boom");
    });
    await deliver(app, { ...team, command: "/story", text: "", channel_id: "C1" }).catch(() => {});
    expect(errors.map((e) => (e as Error).message)).toEqual(["boom"]);
  });
});
