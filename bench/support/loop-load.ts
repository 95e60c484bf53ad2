/**
 * Load generator for `bench:loop`, run as its own process (Slack is another machine): reads its job
 * from the JSON file named by argv[2]. Sends a steady interactive load (signed `/story`, which opens
 * a modal; open loop at `rate` per second, each ack timed) for `durationMs`, in windows of
 * `windowMs` that alternate quiet (even) and heavy (odd): in a heavy window, with `heavy`, it also
 * sends one of the heaviest requests beside the load every `heavyEveryMs`, the kinds in turn (or
 * one kind per window with `kindPerWindow`): `/forecast` of the last story, `/sprint` (burndown
 * PNG) and an unsigned 16 MB body (from a process of its own). Writes `window <k>` on stdout as
 * each window starts (the parent watches the event loop in heavy windows only).
 * Prints `{ acks: [window, ms, sent at in its window (ms)][], errors, heavySent }` as JSON on
 * stdout; an ack's window is the one its request was sent in.
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createSlackRequester } from "../../test/support/slack-requests.js";
import { heavyKindOf } from "./loop-kinds.js";

interface Job {
  appUrl: string;
  signingSecret: string;
  teamId: string;
  userId: string;
  channelId: string;
  durationMs: number;
  /** Load (steady only) sent before measuring, so the app's code paths are warm. */
  warmupMs: number;
  rate: number;
  heavy: boolean;
  heavyEveryMs: number;
  /** Quiet and heavy windows alternate, each this long. */
  windowMs: number;
  /** One kind of heavy operation per heavy window instead of all kinds in turn. */
  kindPerWindow: boolean;
  lastStory: number;
  /** Response URLs minted by the fake Slack (the parent process), one per request. */
  responseUrls: string[];
}

const job = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as Job;
let url = 0;
const slack = createSlackRequester({
  appUrl: job.appUrl,
  signingSecret: job.signingSecret,
  teamId: job.teamId,
  timeoutMs: 60_000,
});
const responseUrl = () => job.responseUrls[url++ % job.responseUrls.length];
const command = (name: string, text: string) =>
  slack.command(name, text, { userId: job.userId, channelId: job.channelId, responseUrl: responseUrl() });

let measuring = false;
let started = 0;
const windowOf = (t: number) => Math.floor((t - started) / job.windowMs);
const acks: [number, number, number][] = [];
let errors = 0;
let heavySent = 0;
const pending: Promise<unknown>[] = [];

// Open loop: a request every 1000/rate ms whatever the previous ones are doing (as Slack does).
const steady = setInterval(() => {
  const t0 = performance.now();
  pending.push(
    command("/story", "Bench story").then(
      (r) => {
        if (!measuring) return;
        acks.push([windowOf(t0), performance.now() - t0, (t0 - started) % job.windowMs]);
        if (r.status !== 200) errors++;
      },
      () => {
        if (measuring) errors++;
      },
    ),
  );
}, 1000 / job.rate);

// The 16 MB bodies go from their own process (`big-body-sender.ts`): sending one held this
// process's event loop for 50–80 ms, delaying the timing of the acks measured here.
const sender = fork(fileURLToPath(new URL("./big-body-sender.ts", import.meta.url)), [job.appUrl], {
  execArgv: ["--import", "tsx"],
});
await once(sender, "message");
const sendBig = () =>
  new Promise<unknown>((resolve) => {
    sender.once("message", resolve);
    sender.send("send");
  });
const heavyKinds = [() => command("/forecast", String(job.lastStory)), () => command("/sprint", ""), sendBig];

await new Promise((r) => setTimeout(r, job.warmupMs));
// A long-running server has warm code paths and worker threads: one of each heavy kind first.
if (job.heavy) for (const kind of heavyKinds) await kind().catch(() => undefined);
measuring = true;
started = performance.now();
let window = -1;
const windows = setInterval(() => {
  const k = windowOf(performance.now());
  if (k === window) return;
  window = k;
  process.stdout.write(`window ${k}\n`); // the parent's event-loop monitor follows the heavy windows
}, 5);

// The kinds in turn, or with `kindPerWindow` one kind per heavy window (`loop-kinds.ts`: which one
// costs the acks).
const heavy = job.heavy
  ? setInterval(() => {
      const k = windowOf(performance.now());
      if (k % 2 === 0) return; // a quiet window
      const kind = heavyKinds[job.kindPerWindow ? heavyKindOf(k) : heavySent % heavyKinds.length];
      heavySent++;
      if (kind) pending.push(kind().catch(() => undefined));
    }, job.heavyEveryMs)
  : null;

await new Promise((r) => setTimeout(r, job.durationMs));
clearInterval(steady);
clearInterval(windows);
if (heavy) clearInterval(heavy);
await Promise.allSettled(pending);
sender.kill();
process.stdout.write(`${JSON.stringify({ acks, errors, heavySent, ms: performance.now() - started })}\n`);
