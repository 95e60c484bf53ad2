/**
 * Several global middlewares as one Bolt middleware. Bolt builds a new arguments object for each
 * middleware it calls (a spread of the request's ~15 arguments, plus a `next` closure and an async
 * frame); ours run on every request before its ack, so they share one: each sees the same
 * arguments through a small object whose own `next` calls the following one.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";

export function inSequence(...middleware: Middleware<AnyMiddlewareArgs>[]): Middleware<AnyMiddlewareArgs> {
  return (args) => {
    const call = (i: number): Promise<void> => {
      const current = middleware[i];
      if (!current) return args.next();
      // The request's arguments as the prototype: nothing copied, `next` its own.
      const own = Object.create(args) as typeof args;
      own.next = () => call(i + 1);
      return current(own);
    };
    return call(0);
  };
}
