/**
 * Several global middlewares as one Bolt middleware. Bolt builds a new arguments object for each
 * middleware it calls (a spread of the request's ~15 arguments, plus a `next` closure and an async
 * frame); ours run on every request before its ack, so they share the one Bolt gave this
 * middleware, whose `next` is set to the following stage as each stage starts.
 *
 * Not `Object.create(args)` per stage (as before): a fresh object used as a prototype makes V8
 * rebuild its hidden class as a prototype's on every request, and was the largest of our own
 * costs before each submission's ack (docs/performance.md, session 15). Sharing is safe because a
 * stage starts the next one at most once, and only by calling `next`: until it does, `args.next`
 * is its own next, even when read after an `await` (the workspace gate's database lookup).
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";

export function inSequence(...middleware: Middleware<AnyMiddlewareArgs>[]): Middleware<AnyMiddlewareArgs> {
  return (args) => {
    const last = args.next;
    const call = (i: number): Promise<void> => {
      const current = middleware[i];
      if (!current) return last();
      args.next = () => call(i + 1);
      return current(args);
    };
    return call(0);
  };
}
