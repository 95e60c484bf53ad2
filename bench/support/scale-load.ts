/**
 * Load generator for `bench:scale`, its own process (as Slack is another machine): sends an
 * open-loop mix of slash commands, button clicks and view submissions at a fixed rate, each
 * request to the next replica in turn (the round-robin a load balancer would do), and answers with
 * every request's round trip. Open loop: request i leaves at i / rate whatever the app's answers
 * so far, so a slow app meets the same offered load (a closed loop would quietly send less).
 */
import { createHttpTransport } from "../../src/app/http-transport.js";
import type { ModalStateValues } from "../../test/support/modal.js";
import { createSlackRequester, type SlackRequester } from "../../test/support/slack-requests.js";

export const SCALE_SURFACES = ["story", "backlog", "backlog_click", "story_submit"] as const;
export type ScaleSurface = (typeof SCALE_SURFACES)[number];

/** One workspace's person, channel and story modal (its private_metadata names the channel). */
export interface ScaleWorkspace {
  teamId: string;
  userId: string;
  channelId: string;
  view: Record<string, unknown>;
}

export interface ScaleInit {
  kind: "init";
  /** Name of this set of replicas; steps say which set they load. */
  target: string;
  appUrls: string[];
  signingSecret: string;
  workspaces: ScaleWorkspace[];
  button: { action_id: string; block_id: string; value: string };
  /** JSON of the submission's values with `__N__` where the request's number goes. */
  valuesTemplate: string;
}

/** One step: `triggerIds.length` requests at `rate` a second. Ids and URLs are minted by the fake's process. */
export interface ScaleStep {
  kind: "step";
  target: string;
  rate: number;
  triggerIds: string[];
  responseUrls: string[];
  /** Number of the step's first request (submission markers are unique across steps). */
  firstNumber: number;
}

export interface ScaleStepResult {
  /** Per request, in request order: Date.now() when sent, round trip (ms), HTTP status (0: no answer). */
  sent: { sentAt: number; ms: number; status: number }[];
  /** performance.now() span from the first send to the last (the achieved send rate is n / span). */
  spanMs: number;
  /** This process's own CPU during the step (ms): the load generator shares the machine's cores. */
  cpuMs: number;
}

/** Which surface, workspace and replica request `i` of a step goes to. */
export function routeOf(i: number, workspaces: number, replicas: number) {
  return {
    surface: SCALE_SURFACES[i % SCALE_SURFACES.length] as ScaleSurface,
    workspace: Math.floor(i / SCALE_SURFACES.length) % workspaces,
    replica: i % replicas,
  };
}

/** More in flight than this and the app has fallen over: further requests count as failed. */
const MAX_IN_FLIGHT = 2000;

/**
 * Sends over undici's `request()` with kept-alive pools, as the app's own Slack calls do: the global
 * `fetch` costs ~0.9 ms of CPU per request, CPU this process takes from the two cores the replicas
 * and PostgreSQL share (Slack's own senders are not on the app's machine).
 */
const transport = createHttpTransport();

/** Per target: its set-up and requesters[workspace][replica]. */
const targets = new Map<string, { cfg: ScaleInit; requesters: SlackRequester[][] }>();

function setUp(message: ScaleInit): void {
  const requesters = message.workspaces.map((w) =>
    message.appUrls.map((appUrl) =>
      createSlackRequester({
        appUrl,
        signingSecret: message.signingSecret,
        teamId: w.teamId,
        timeoutMs: 10_000,
        transport,
      }),
    ),
  );
  targets.set(message.target, { cfg: message, requesters });
}

function send(cfg: ScaleInit, requesters: SlackRequester[][], step: ScaleStep, i: number) {
  const { surface, workspace, replica } = routeOf(i, cfg.workspaces.length, cfg.appUrls.length);
  const w = cfg.workspaces[workspace] as ScaleWorkspace;
  const slack = requesters[workspace]?.[replica] as SlackRequester;
  const triggerId = step.triggerIds[i] ?? "";
  const responseUrl = step.responseUrls[i] ?? "";
  const { userId, channelId } = w;
  switch (surface) {
    case "story":
      return slack.command("/story", "Bench story", { userId, channelId, triggerId, responseUrl });
    case "backlog":
      return slack.command("/backlog", "", { userId, channelId, triggerId, responseUrl });
    case "backlog_click":
      return slack.blockAction({ userId, channelId, triggerId, responseUrl, actions: [cfg.button] });
    case "story_submit": {
      const values = JSON.parse(
        cfg.valuesTemplate.replaceAll("__N__", String(step.firstNumber + i)),
      ) as ModalStateValues;
      return slack.viewSubmission({ userId, view: w.view, values, triggerId });
    }
  }
}

function runStep(step: ScaleStep): Promise<ScaleStepResult> {
  const target = targets.get(step.target);
  if (!target) return Promise.reject(new Error(`scale-load: step for ${step.target} before its init`));
  const { cfg, requesters } = target;
  const n = step.triggerIds.length;
  const sent: ScaleStepResult["sent"] = new Array(n);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  let inFlight = 0;
  let settled = 0;
  let lastSend = t0;
  return new Promise((resolve) => {
    const done = () => {
      const cpu = process.cpuUsage(cpu0);
      resolve({ sent, spanMs: lastSend - t0, cpuMs: (cpu.user + cpu.system) / 1000 });
    };
    const fire = (i: number) => {
      const sentAt = Date.now();
      lastSend = performance.now();
      if (inFlight >= MAX_IN_FLIGHT) {
        sent[i] = { sentAt, ms: 0, status: 0 };
        if (++settled === n) done();
        return;
      }
      inFlight++;
      const started = performance.now();
      send(cfg, requesters, step, i)
        .then(
          (r) => {
            sent[i] = { sentAt, ms: r.ms, status: r.status };
          },
          () => {
            sent[i] = { sentAt, ms: performance.now() - started, status: 0 };
          },
        )
        .finally(() => {
          inFlight--;
          if (++settled === n) done();
        });
    };
    const tick = () => {
      const due = Math.min(n, Math.floor(((performance.now() - t0) * step.rate) / 1000) + 1);
      while (next < due) fire(next++);
      if (next < n) setTimeout(tick, 1);
    };
    if (n === 0) done();
    else tick();
  });
}

process.on("message", (message: ScaleInit | ScaleStep) => {
  if (message.kind === "init") {
    setUp(message);
    process.send?.({ ready: true });
    return;
  }
  runStep(message).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));
