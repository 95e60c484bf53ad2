/**
 * Load generator for `bench:standup`, run as its own process (as Slack is another machine): reads
 * its job from the JSON file named by argv[2], sends one signed view submission per user at the
 * given concurrency, and prints the round-trip times (ms) as JSON on stdout. Measured here, an ack
 * time is what Slack would see; in the app's process it would include the generator's own work.
 *
 * Each worker keeps its own keep-alive connection (node:http, one socket per agent), opened before
 * the clock starts: the figures are about the app, not about a client pool opening connections.
 * With `freshConnections` every request opens a new connection instead (the worst case).
 */

import { readFileSync } from "node:fs";
import http from "node:http";
import type { ModalStateValues } from "../../test/support/modal.js";
import { createSlackRequester, type SlackTransport } from "../../test/support/slack-requests.js";

interface Job {
  appUrl: string;
  signingSecret: string;
  teamId: string;
  users: string[];
  concurrency: number;
  view: Record<string, unknown>;
  values: ModalStateValues;
  /** Open a new connection for every request (as a client without keep-alive would). */
  freshConnections: boolean;
}

/** A minimal fetch over one keep-alive connection. */
function connection(keepAlive: boolean): SlackTransport {
  const agent = new http.Agent({ keepAlive, maxSockets: 1 });
  return (url, init) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        url,
        { method: init.method, headers: init.headers, agent, signal: init.signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ status: res.statusCode ?? 0, text: async () => text });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(init.body);
    });
}

const job = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as Job;
const workers = Array.from({ length: job.concurrency }, () => {
  const transport = connection(!job.freshConnections);
  const slack = createSlackRequester({
    appUrl: job.appUrl,
    signingSecret: job.signingSecret,
    teamId: job.teamId,
    timeoutMs: 60_000,
    transport,
  });
  return { transport, slack };
});
// Open every connection first (Slack's are warm too).
await Promise.all(
  workers.map(({ transport }) =>
    transport(new URL("/healthz", job.appUrl).href, {
      method: "POST",
      headers: {},
      body: "",
      signal: AbortSignal.timeout(10_000),
    }).then((r) => r.text()),
  ),
);
const latencies: number[] = [];
let errors = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  workers.map(async ({ slack }) => {
    for (let i = next++; i < job.users.length; i = next++) {
      const res = await slack.viewSubmission({
        userId: job.users[i] ?? "",
        view: job.view,
        values: job.values,
      });
      if (res.status !== 200 || res.body !== "") errors++;
      latencies.push(res.ms);
    }
  }),
);
process.stdout.write(JSON.stringify({ latencies, errors, phaseMs: performance.now() - started }));
