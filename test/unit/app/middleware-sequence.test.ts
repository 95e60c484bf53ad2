/**
 * Our global middlewares run as one Bolt middleware (Bolt copies its arguments for each one it
 * calls): each still sees the request, in order, and may stop it by not calling `next`.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { inSequence } from "../../../src/app/middleware-sequence.js";

function appWith(middleware: Middleware<AnyMiddlewareArgs>) {
  const app = new App({ signingSecret: "s", authorize: async () => ({ botToken: "xoxb-x", botId: "B1" }) });
  app.use(middleware);
  const ran: string[] = [];
  app.command("/story", async ({ ack }) => {
    await ack();
    ran.push("listener");
  });
  const deliver = (text: string) =>
    app.processEvent({
      body: { team_id: "T1", user_id: "U1", api_app_id: "A1", command: "/story", text, channel_id: "C1" },
      ack: async () => {},
    });
  return { ran, deliver };
}

describe("inSequence", () => {
  it("runs each middleware in order with the request's arguments, then the listeners", async () => {
    const seen: string[] = [];
    const note =
      (name: string): Middleware<AnyMiddlewareArgs> =>
      async ({ body, context, next }) => {
        seen.push(`${name} ${(body as { text?: string }).text} ${context.botId}`);
        await next();
        seen.push(`${name} after`);
      };
    const { ran, deliver } = appWith(inSequence(note("a"), note("b"), note("c")));
    await deliver("hello");
    expect(seen).toEqual(["a hello B1", "b hello B1", "c hello B1", "c after", "b after", "a after"]);
    expect(ran).toEqual(["listener"]);
  });

  it("a middleware that awaits before reading `next` from its arguments still starts the following one", async () => {
    const seen: string[] = [];
    const { ran, deliver } = appWith(
      inSequence(
        async ({ next }) => {
          seen.push("a");
          await next();
        },
        async (args) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          seen.push("b");
          await args.next();
        },
        async (args) => {
          seen.push("c");
          await args.next();
        },
      ),
    );
    await Promise.all([deliver("one"), deliver("two")]);
    expect(seen).toEqual(["a", "a", "b", "c", "b", "c"]);
    expect(ran).toEqual(["listener", "listener"]);
  });

  it("a middleware that does not call next stops the request there", async () => {
    const seen: string[] = [];
    const { ran, deliver } = appWith(
      inSequence(
        async ({ next }) => {
          seen.push("gate");
          await next();
        },
        async () => void seen.push("stopped"),
        async ({ next }) => {
          seen.push("never");
          await next();
        },
      ),
    );
    await deliver("x");
    expect(seen).toEqual(["gate", "stopped"]);
    expect(ran).toEqual([]);
  });
});
