/**
 * What `bench:ack` and `bench:scale` time their visible replies by: when the fake Slack received
 * each one, keyed by request (a trigger id, a response URL, or the marker in a submitted story's
 * title), and the 429 answers the run met.
 */
import type { FakeSlack } from "../../test/support/fake-slack.js";

/** Clears the fake's logs as it reads them (the fake keeps every call otherwise). */
export function createReplyIndex(fake: FakeSlack) {
  const seen = new Map<string, number>();
  const marker = /benchq(\d+)z/;
  let limited = new Map<string, number>();
  return {
    collect(): void {
      for (const call of fake.calls) {
        if (call.status === 429) limited.set(call.method, (limited.get(call.method) ?? 0) + 1);
        if (call.method === "views.open" && typeof call.args.trigger_id === "string" && call.response.ok)
          seen.set(call.args.trigger_id, call.at);
        if (
          (call.method === "chat.postEphemeral" || call.method === "chat.postMessage") &&
          call.response.ok
        ) {
          const m = marker.exec(JSON.stringify(call.args));
          if (m) seen.set(`q${m[1]}`, call.at);
        }
      }
      for (const r of fake.responses) seen.set(r.url, r.at);
      fake.clearCalls();
      fake.responses.length = 0;
    },
    take(key: string): number | undefined {
      const at = seen.get(key);
      seen.delete(key);
      return at;
    },
    /** 429 answers since the last call, by method. */
    takeLimited(): Map<string, number> {
      const n = limited;
      limited = new Map();
      return n;
    },
    clear(): void {
      seen.clear();
    },
  };
}

export type ReplyIndex = ReturnType<typeof createReplyIndex>;
