/**
 * A thin recorder around Bolt's `App` registration methods. Listeners register through
 * it, so a test can compare what is handled with what the manifest declares.
 *
 * It also puts every listener's work after its ack on the one `WorkScheduler` (acks first,
 * docs/development-acks.md): the `ack` a listener gets sends Slack's answer at once, then
 * resolves only when the scheduler gives the rest of the listener its turn. Listeners just
 * `await ack()` first, as before.
 */
import type {
  AckFn,
  App,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from "@slack/bolt";
import { BusyError } from "../lib/errors.js";
import {
  createWorkScheduler,
  type Release,
  type WorkPriority,
  type WorkScheduler,
} from "../lib/work-scheduler.js";
import { actionPriority, commandPriority } from "./trigger-bound.js";

/**
 * Told when a listener's ack has gone out (metrics): the surface, the id the listener was
 * registered under (never payload text) and the request's Bolt context (which says when it arrived).
 */
export type AckObserver = (
  surface: "command" | "action" | "view" | "shortcut" | "event",
  name: string,
  context: unknown,
) => void;

/** A view submission answered with field errors: the answer is the ack, nothing follows it. */
const isFieldErrors = (response: unknown) =>
  (response as { response_action?: unknown } | undefined)?.response_action === "errors";

/**
 * Wraps a listener that acks: its `ack` answers Slack, then waits for the scheduler's turn.
 * When the queue is full the ack has still gone out; `BusyError` (thrown from `ack`) ends the
 * listener before it did anything, and the global error handler tells the person privately to
 * try again (`whenFull: "queue"` waits instead).
 */
function ackFirst<A extends { ack: AckFn<never> }>(
  work: WorkScheduler,
  priority: WorkPriority,
  handler: Middleware<A>,
  whenFull: "refuse" | "queue" = "refuse",
  acked: (context: unknown) => void = () => {},
): Middleware<A> {
  return async (args) => {
    let release: Release | undefined;
    let answered = false;
    const ack = async (response?: unknown) => {
      await (args.ack as (r?: unknown) => Promise<void>)(response);
      if (!answered) acked(args.context);
      answered = true;
      if (release || isFieldErrors(response)) return;
      const turn = whenFull === "queue" ? work.admitAlways(priority) : work.admit(priority);
      if (!turn) throw new BusyError();
      release = await turn;
    };
    try {
      await handler({ ...args, ack } as typeof args);
    } finally {
      release?.();
    }
  };
}

export class ListenerRegistry {
  readonly commands = new Set<string>();
  readonly views = new Set<string>();
  readonly actions = new Set<string>();
  readonly shortcuts = new Set<string>();
  readonly events = new Set<string>();

  /**
   * @param work where post-ack work waits for its turn (one per app; tests may pass a small one)
   * @param onAck told of every ack (ack-latency metrics)
   */
  constructor(
    readonly app: App,
    readonly work: WorkScheduler = createWorkScheduler(),
    private readonly onAck: AckObserver = () => {},
  ) {}

  command(name: string, handler: Middleware<SlackCommandMiddlewareArgs>): void {
    this.commands.add(name);
    const acked = (context: unknown) => this.onAck("command", name, context);
    this.app.command(name, ackFirst(this.work, commandPriority(name), handler, "refuse", acked));
  }

  view(callbackId: string, handler: Middleware<SlackViewMiddlewareArgs>): void {
    this.views.add(callbackId);
    // Never refused: a submission is saved before its ack and the modal is closed by then, so
    // "try again" would lose or duplicate what the person typed.
    const acked = (context: unknown) => this.onAck("view", callbackId, context);
    this.app.view(callbackId, ackFirst(this.work, "normal", handler, "queue", acked));
  }

  /** `actionId` may be a RegExp source for families of ids (e.g. pagination). */
  action(actionId: string | RegExp, handler: Middleware<SlackActionMiddlewareArgs>): void {
    this.actions.add(String(actionId));
    const acked = (context: unknown) => this.onAck("action", String(actionId), context);
    this.app.action(actionId, ackFirst(this.work, actionPriority(actionId), handler, "refuse", acked));
  }

  shortcut(callbackId: string, handler: Middleware<SlackShortcutMiddlewareArgs>): void {
    this.shortcuts.add(callbackId);
    const acked = (context: unknown) => this.onAck("shortcut", callbackId, context);
    this.app.shortcut(callbackId, ackFirst(this.work, "trigger", handler, "refuse", acked));
  }

  /** Bolt acks events before listeners run: the whole listener is post-ack work. */
  event(name: string, handler: Middleware<SlackEventMiddlewareArgs>): void {
    this.events.add(name);
    const queued: Middleware<SlackEventMiddlewareArgs> = async (args) => {
      this.onAck("event", name, args.context); // Bolt acked it just before the middleware ran
      // Never refused: Slack has its ack already, and an uninstall must be handled.
      const release = await this.work.admitAlways("normal");
      try {
        await handler(args);
      } finally {
        release();
      }
    };
    // biome-ignore lint/suspicious/noExplicitAny: Bolt narrows event types by literal name; we register by string
    this.app.event(name as any, queued as any);
  }
}
