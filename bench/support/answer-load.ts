/**
 * Load generator for `bench:standup`, run as its own process (as Slack is another machine): reads
 * its job from the JSON file named by argv[2], sends one signed view submission per user at the
 * given concurrency, and prints the round-trip times (ms) as JSON on stdout. Measured here, an ack
 * time is what Slack would see; in the app's process it would include the generator's own work.
 */
import { readFileSync } from "node:fs";
import type { ModalStateValues } from "../../test/support/modal.js";
import { createSlackRequester } from "../../test/support/slack-requests.js";

interface Job {
  appUrl: string;
  signingSecret: string;
  teamId: string;
  users: string[];
  concurrency: number;
  view: Record<string, unknown>;
  values: ModalStateValues;
}

const job = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as Job;
const slack = createSlackRequester({
  appUrl: job.appUrl,
  signingSecret: job.signingSecret,
  teamId: job.teamId,
  timeoutMs: 60_000,
});
// Open the connections first (Slack's are warm too), so the figures are about the app.
await Promise.all(
  Array.from({ length: job.concurrency }, () => fetch(new URL("/healthz", job.appUrl)).then((r) => r.text())),
);
const latencies: number[] = [];
let errors = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
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
