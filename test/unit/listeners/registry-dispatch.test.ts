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

  it("several listeners of one id each get their own ack and turn", async () => {
    const { app, r } = registry();
    const seen: { ack: unknown }[] = [];
    const ran: string[] = [];
    const note = (what: string) => async (args: { ack: () => Promise<void> }) => {
      seen.push(args);
      await args.ack();
      ran.push(what);
    };
    r.action("edit", note("exact"));
    r.action(/^ed/, note("pattern"));
    const acks = await deliver(app, {
      type: "block_actions",
      team: { id: "T1" },
      user: { id: "U1" },
      api_app_id: "A1",
      actions: [{ action_id: "edit", block_id: "b", type: "button" }],
    });
    expect(acks).toHaveLength(2);
    expect(ran.sort()).toEqual(["exact", "pattern"]);
    expect(seen[0]).not.toBe(seen[1]);
    expect(seen[0]?.ack).not.toBe(seen[1]?.ack);
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

describe("ListenerRegistry hand-back at the ack (detached)", () => {
  function detachedRegistry() {
    const app = new App({ signingSecret: "s", authorize: async () => ({ botToken: "xoxb-x", botId: "B1" }) });
    const failures: { error: Error; body: Record<string, unknown> }[] = [];
    const tracked: Promise<unknown>[] = [];
    const r = new ListenerRegistry(app, createWorkScheduler(), () => {}, {
      onError: async ({ error, body }) =>
        void failures.push({ error, body: body as Record<string, unknown> }),
      track: (work) => void tracked.push(work),
    });
    return { app, r, failures, tracked };
  }

  const submission = (callbackId: string) => ({
    type: "view_submission",
    team: { id: "T1" },
    user: { id: "U1", team_id: "T1" },
    api_app_id: "A1",
    response_urls: [],
    view: {
      callback_id: callbackId,
      private_metadata: "{}",
      blocks: [{ type: "divider" }],
      state: { values: {} },
    },
  });

  it("Bolt is done with the request once the ack is sent; the rest runs in its turn, tracked", async () => {
    const { app, r, tracked } = detachedRegistry();
    const steps: string[] = [];
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => (finish = resolve));
    r.view("v", async ({ ack }) => {
      await ack();
      steps.push("after ack");
      await finished;
      steps.push("done");
    });
    const acks = await deliver(app, submission("v"));
    // Bolt's promise resolved at the ack: the listener's remainder had not even started.
    expect(acks).toEqual(["ack"]);
    expect(steps).toEqual([]);
    expect(tracked).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(steps).toEqual(["after ack"]);
    finish();
    await tracked[0];
    expect(steps).toEqual(["after ack", "done"]);
  });

  it("a failure after the ack goes to onError with only what the error handler reads; Bolt's handler is not called", async () => {
    const { app, r, failures, tracked } = detachedRegistry();
    const boltErrors: unknown[] = [];
    app.error(async (error) => void boltErrors.push(error));
    r.command("/story", async ({ ack }) => {
      await ack();
      throw new Error("after");
    });
    await deliver(app, {
      ...team,
      command: "/story",
      text: "secret text",
      channel_id: "C1",
      response_url: "https://hooks.slack.test/r/1",
    });
    await Promise.all(tracked);
    expect(boltErrors).toEqual([]);
    expect(failures.map((f) => f.error.message)).toEqual(["after"]);
    const body = failures[0]?.body ?? {};
    expect(body).toMatchObject({ team_id: "T1", channel_id: "C1", command: "/story" });
    expect(body.response_url).toBe("https://hooks.slack.test/r/1");
    // The rest of the payload (what the person typed, a modal's view) is not kept for the remainder.
    expect(body).not.toHaveProperty("text", "secret text");
    expect(JSON.stringify(body)).not.toContain("secret text");
  });

  it("a failure before the ack is still Bolt's to handle, and field errors end the listener without a turn", async () => {
    const { app, r, failures, tracked } = detachedRegistry();
    const boltErrors: unknown[] = [];
    app.error(async (error) => void boltErrors.push((error as { original?: unknown }).original ?? error));
    r.view("broken", async () => {
      throw new Error("before");
    });
    r.view("invalid", async ({ ack }) => {
      await ack({ response_action: "errors", errors: { title: "Please fill in a title." } });
    });
    await deliver(app, submission("broken")).catch(() => {});
    const acks = await deliver(app, submission("invalid"));
    expect(boltErrors.map((e) => (e as Error).message)).toEqual(["before"]);
    expect(failures).toEqual([]);
    expect(tracked).toEqual([]);
    expect(acks).toEqual([{ response_action: "errors", errors: { title: "Please fill in a title." } }]);
  });
});
