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
  AllMiddlewareArgs,
  App,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from "@slack/bolt";
import { monotonicMs } from "../lib/clock.js";
import { BusyError } from "../lib/errors.js";
import {
  createWorkScheduler,
  type Release,
  type WorkPriority,
  type WorkScheduler,
} from "../lib/work-scheduler.js";
import { type ErrorBody, errorBodyOf } from "../slack/error-handler.js";
import { actionPriority, commandPriority } from "./trigger-bound.js";

/**
 * Told of each listener's ack (metrics): the surface, the id the listener was registered under
 * (never payload text), the request's Bolt context (which says when it arrived) and when the ack
 * went out (`monotonicMs`). Told in the listener's turn after the ack, not at the ack: counting is
 * work too, and it must not stand between the next requests and their acks.
 */
export type AckObserver = (
  surface: "command" | "action" | "view" | "shortcut" | "event",
  name: string,
  context: unknown,
  ackedAt: number,
) => void;

/** A view submission answered with field errors: the answer is the ack, nothing follows it. */
const isFieldErrors = (response: unknown) =>
  (response as { response_action?: unknown } | undefined)?.response_action === "errors";

/**
 * After the ack, the rest of a listener can run apart from Bolt's request (`ListenerRegistry`'s
 * `detached`). Bolt's chain for a request (its receiver's handler, `processEvent`, the middleware
 * chain, the HTTP request and response, the parsed body) stays reachable until the listener's
 * promise settles; a request whose post-ack work waits for its turn kept all of it alive, and with
 * a hundred submissions waiting in a burst that was ~2 MB surviving each young-generation GC
 * (copied, then promoted): the submissions' ack p99 paid for it (docs/performance.md).
 */
export interface DetachedWork {
  /** A failure after the ack (Bolt has finished with the request): the app's error handler. */
  onError(args: { error: Error; body: ErrorBody; context: unknown }): Promise<void>;
  /** Told of each detached remainder, so shutdown and `settle` wait for it. */
  track(work: Promise<unknown>): void;
}

/**
 * Wraps a listener that acks: its `ack` answers Slack, then waits for the scheduler's turn.
 * When the queue is full the ack has still gone out; `BusyError` (thrown from `ack`) ends the
 * listener before it did anything, and the global error handler tells the person privately to
 * try again (`whenFull: "queue"` waits instead).
 *
 * With `detached`, Bolt's part of the request ends at the ack: the promise Bolt awaits resolves
 * once Slack has its answer, the rest of the listener goes on by itself (tracked, its failure to
 * `detached.onError`), and nothing here keeps Bolt's arguments: only the ack function, the
 * context and what the error handler reads.
 */
function ackFirst<A extends { ack: AckFn<never>; body: unknown }>(
  work: WorkScheduler,
  priority: WorkPriority,
  handler: Middleware<A>,
  whenFull: "refuse" | "queue",
  acked: (context: unknown, ackedAt: number) => void,
  detached: DetachedWork | undefined,
): Middleware<A> {
  return (args) => {
    let boltAck: ((r?: unknown) => Promise<void>) | null = args.ack as (r?: unknown) => Promise<void>;
    const context = args.context;
    let release: Release | undefined;
    let answered = false;
    let handBack: (() => void) | undefined;
    const handedBack = detached ? new Promise<void>((resolve) => (handBack = resolve)) : null;
    const ack = async (response?: unknown) => {
      if (!boltAck) return; // answered and queued already
      await boltAck(response);
      const ackedAt = monotonicMs();
      const first = !answered;
      answered = true;
      const count = () => first && acked(context, ackedAt);
      if (isFieldErrors(response)) return void count();
      // Slack has its answer: Bolt may let go of the request (and the HTTP response it holds).
      boltAck = null;
      handBack?.();
      const turn = whenFull === "queue" ? work.admitAlways(priority) : work.admit(priority);
      if (!turn) {
        count();
        throw new BusyError();
      }
      release = await turn;
      count();
    };
    // No closure here may mention `args`: closures of one function share its variables, and `ack`
    // outlives the hand-back. The listener gets Bolt's own arguments with this `ack` in place of
    // Bolt's (a copy of ~15 properties per request showed in the ack path's profile); `Dispatch`
    // hands each of several listeners for one id a copy of its own.
    args.ack = ack as typeof args.ack;
    const run = start(handler, args).finally(() => release?.());
    if (!detached || !handedBack) return run;
    const errorBody = errorBodyOf(args.body);
    // Bolt waits for the ack or the end of the listener, whichever comes first; a failure before
    // the ack is Bolt's to handle, as without `detached`.
    const ended = run.then(() => false);
    return Promise.race([handedBack.then(() => true), ended]).then((handed) => {
      if (!handed) return;
      detached.track(
        run.catch((error: unknown) =>
          detached.onError({ error: toError(error), body: errorBody, context }).catch(() => {}),
        ),
      );
    });
  };
}

/** Runs a listener; a synchronous throw becomes a rejection. Not async: its frame would hold `args`. */
function start<A>(handler: Middleware<A>, args: A & AllMiddlewareArgs): Promise<void> {
  try {
    return Promise.resolve(handler(args));
  } catch (error) {
    return Promise.reject(error);
  }
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** Listeners of one kind by the id they were registered under: exact ids, then patterns in order. */
class Dispatch<A> {
  private readonly exact = new Map<string, Middleware<A>[]>();
  private readonly patterns: [RegExp, Middleware<A>][] = [];

  add(id: string | RegExp, handler: Middleware<A>): void {
    if (typeof id !== "string") return void this.patterns.push([id, handler]);
    const list = this.exact.get(id);
    if (list) list.push(handler);
    else this.exact.set(id, [handler]);
  }

  /**
   * Runs every listener registered for `id`, as Bolt would (all of them, side by side; one
   * failure is rethrown as is, several together).
   */
  async run(id: unknown, args: A & AllMiddlewareArgs): Promise<void> {
    if (typeof id !== "string") return;
    const matched = [...(this.exact.get(id) ?? [])];
    for (const [pattern, handler] of this.patterns) if (pattern.test(id)) matched.push(handler);
    if (matched.length === 1) return void (await matched[0]?.(args));
    // Each its own copy: a listener that acks first puts its own `ack` into its arguments.
    const failed = (await Promise.allSettled(matched.map((h) => h({ ...args })))).filter(
      (r): r is PromiseRejectedResult => r.status === "rejected",
    );
    if (failed.length === 1) throw failed[0]?.reason;
    if (failed.length > 1)
      throw new AggregateError(
        failed.map((f) => f.reason),
        "several listeners failed",
      );
  }
}

/** Matches every id: Bolt's own filter lets everything of a kind through to our `Dispatch`. */
const ANY = /[\s\S]*/;

export class ListenerRegistry {
  readonly commands = new Set<string>();
  readonly views = new Set<string>();
  readonly actions = new Set<string>();
  readonly shortcuts = new Set<string>();
  readonly events = new Set<string>();

  /*
   * One Bolt listener per kind, dispatching by id. Bolt runs every registered listener's filter
   * chain for every request (an object spread and a few promises each): with ~80 listeners that
   * was about a millisecond of CPU per request, on the event loop where acks wait.
   */
  private readonly commandListeners = new Dispatch<SlackCommandMiddlewareArgs>();
  private readonly viewListeners = new Dispatch<SlackViewMiddlewareArgs>();
  private readonly actionListeners = new Dispatch<SlackActionMiddlewareArgs>();
  private readonly shortcutListeners = new Dispatch<SlackShortcutMiddlewareArgs>();
  private readonly eventListeners = new Dispatch<SlackEventMiddlewareArgs>();

  /**
   * @param work where post-ack work waits for its turn (one per app; tests may pass a small one)
   * @param onAck told of every ack (ack-latency metrics)
   * @param detached when given, Bolt's part of a request ends at its ack (see `DetachedWork`);
   * without it Bolt waits for the whole listener (unit tests of Bolt's own error path)
   */
  constructor(
    readonly app: App,
    readonly work: WorkScheduler = createWorkScheduler(),
    private readonly onAck: AckObserver = () => {},
    private readonly detached?: DetachedWork,
  ) {}

  command(name: string, handler: Middleware<SlackCommandMiddlewareArgs>): void {
    if (this.commands.size === 0)
      this.app.command(ANY, (args) => this.commandListeners.run(args.command.command, args));
    this.commands.add(name);
    const acked = (context: unknown, at: number) => this.onAck("command", name, context, at);
    this.commandListeners.add(
      name,
      ackFirst(this.work, commandPriority(name), handler, "refuse", acked, this.detached),
    );
  }

  /**
   * @param priority `"trigger"` for a submission acked before it is saved (the story form): its
   * save goes ahead of other queued work, so the time its text exists only in memory stays short.
   */
  view(
    callbackId: string,
    handler: Middleware<SlackViewMiddlewareArgs>,
    priority: WorkPriority = "normal",
  ): void {
    if (this.views.size === 0)
      this.app.view(ANY, (args) => this.viewListeners.run(args.view.callback_id, args));
    this.views.add(callbackId);
    // Never refused: the modal is closed by then, so "try again" would lose or duplicate what the
    // person typed.
    const acked = (context: unknown, at: number) => this.onAck("view", callbackId, context, at);
    this.viewListeners.add(callbackId, ackFirst(this.work, priority, handler, "queue", acked, this.detached));
  }

  /** `actionId` may be a RegExp source for families of ids (e.g. pagination). */
  action(actionId: string | RegExp, handler: Middleware<SlackActionMiddlewareArgs>): void {
    if (this.actions.size === 0)
      this.app.action(ANY, (args) =>
        this.actionListeners.run((args.action as { action_id?: unknown }).action_id, args),
      );
    this.actions.add(String(actionId));
    const acked = (context: unknown, at: number) => this.onAck("action", String(actionId), context, at);
    this.actionListeners.add(
      actionId,
      ackFirst(this.work, actionPriority(actionId), handler, "refuse", acked, this.detached),
    );
  }

  shortcut(callbackId: string, handler: Middleware<SlackShortcutMiddlewareArgs>): void {
    if (this.shortcuts.size === 0)
      this.app.shortcut(ANY, (args) => this.shortcutListeners.run(args.shortcut.callback_id, args));
    this.shortcuts.add(callbackId);
    const acked = (context: unknown, at: number) => this.onAck("shortcut", callbackId, context, at);
    this.shortcutListeners.add(
      callbackId,
      ackFirst(this.work, "trigger", handler, "refuse", acked, this.detached),
    );
  }

  /** Bolt acks events before listeners run: the whole listener is post-ack work. */
  event(name: string, handler: Middleware<SlackEventMiddlewareArgs>): void {
    if (this.events.size === 0)
      this.app.event(ANY, (args) => this.eventListeners.run((args.event as { type?: unknown }).type, args));
    this.events.add(name);
    const queued: Middleware<SlackEventMiddlewareArgs> = async (args) => {
      this.onAck("event", name, args.context, monotonicMs()); // Bolt acked it just before the middleware ran
      // Never refused: Slack has its ack already, and an uninstall must be handled.
      const release = await this.work.admitAlways("normal");
      try {
        await handler(args);
      } finally {
        release();
      }
    };
    this.eventListeners.add(name, queued);
  }
}
