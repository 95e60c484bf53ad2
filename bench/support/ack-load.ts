/**
 * Load generator for `bench:ack`, run as its own process (as Slack is another machine): the
 * fake Slack lives in the bench's process, and its work (answering `views.open`, recording
 * calls) would otherwise delay the measurement of the next acks. Gets its workspaces once, then
 * batches over IPC, sends them at the given concurrency, and answers each with its round trips.
 */
import { createHttpTransport } from "../../src/app/http-transport.js";
import type { ModalStateValues } from "../../test/support/modal.js";
import { createSlackRequester, type SlackRequester } from "../../test/support/slack-requests.js";

/** One workspace's person, channel and story modal (its private_metadata names the channel). */
export interface AckWorkspace {
  teamId: string;
  userId: string;
  channelId: string;
  view: Record<string, unknown>;
}

/** Sent once: the workspaces requests go to (request number k goes to workspace k mod their count). */
export interface LoadInit {
  kind: "init";
  signingSecret: string;
  workspaces: AckWorkspace[];
  button: { action_id: string; block_id: string; value: string };
  /** JSON of the submission's values with `__N__` where the request's number goes. */
  valuesTemplate: string;
}

/** One batch: `triggerIds.length` requests of one surface to one app. Ids and URLs are minted by the fake's process. */
export interface LoadBatch {
  kind: "batch";
  appUrl: string;
  concurrency: number;
  surface: "story" | "backlog" | "backlog_click" | "story_submit";
  triggerIds: string[];
  responseUrls: string[];
  /** Number of the batch's first request: picks its workspace; submission markers are unique across batches. */
  firstNumber: number;
}

export interface LoadResult {
  /** Per request, in request order: Date.now() when sent, round trip (ms), HTTP status. */
  sent: { sentAt: number; ms: number; status: number }[];
}

/** Which workspace request number `k` goes to: spread evenly, as Slack's tier limits are per workspace. */
export const workspaceIndexOf = (k: number, workspaces: number) => k % workspaces;

/** undici `request()` with kept-alive pools (as the app's Slack calls): cheaper than `fetch` for the cores both apps share. */
const transport = createHttpTransport();

let init: LoadInit | null = null;
/** Requesters by app URL, then by workspace. */
const requesters = new Map<string, SlackRequester[]>();

function requesterFor(appUrl: string, w: number): SlackRequester {
  if (!init) throw new Error("batch before init");
  const { signingSecret, workspaces } = init;
  let list = requesters.get(appUrl);
  if (!list) {
    list = workspaces.map((ws) =>
      createSlackRequester({ appUrl, signingSecret, teamId: ws.teamId, timeoutMs: 30_000, transport }),
    );
    requesters.set(appUrl, list);
  }
  return list[w] as SlackRequester;
}

async function run(cfg: LoadInit, batch: LoadBatch): Promise<LoadResult> {
  const send = (i: number) => {
    const k = batch.firstNumber + i;
    const w = workspaceIndexOf(k, cfg.workspaces.length);
    const ws = cfg.workspaces[w] as AckWorkspace;
    const slack = requesterFor(batch.appUrl, w);
    const { userId, channelId } = ws;
    const triggerId = batch.triggerIds[i] ?? "";
    const responseUrl = batch.responseUrls[i] ?? "";
    switch (batch.surface) {
      case "story":
        return slack.command("/story", "Bench story", { userId, channelId, triggerId, responseUrl });
      case "backlog":
        return slack.command("/backlog", "", { userId, channelId, triggerId, responseUrl });
      case "backlog_click":
        return slack.blockAction({ userId, channelId, triggerId, responseUrl, actions: [cfg.button] });
      case "story_submit": {
        const values = JSON.parse(cfg.valuesTemplate.replaceAll("__N__", String(k))) as ModalStateValues;
        return slack.viewSubmission({ userId, view: ws.view, values, triggerId });
      }
    }
  };
  const n = batch.triggerIds.length;
  const sent: LoadResult["sent"] = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const sentAt = Date.now();
      const r = await send(i);
      sent[i] = { sentAt, ms: r.ms, status: r.status };
    }
  };
  await Promise.all(Array.from({ length: batch.concurrency }, worker));
  return { sent };
}

process.on("message", (message: LoadInit | LoadBatch) => {
  if (message.kind === "init") {
    init = message;
    process.send?.({ sent: [] });
    return;
  }
  if (!init) {
    process.send?.({ error: "batch before init" });
    return;
  }
  run(init, message).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));
