/**
 * Load generator for `bench:ack`, run as its own process (as Slack is another machine): the
 * fake Slack lives in the bench's process, and its work (answering `views.open`, recording
 * calls) would otherwise delay the measurement of the next acks. Gets its workspaces once, then
 * batches over IPC; builds each batch's signed requests first, collects its garbage, then sends
 * them at the given concurrency and answers with their round trips. The bench runs it at nice -10
 * where allowed, ahead of the fake Slack on the same core.
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
  /** Per request, in request order: when sent (wall clock, ms with fractions), round trip (ms), HTTP status. */
  sent: { sentAt: number; ms: number; status: number }[];
}

/** Which workspace request number `k` goes to: spread evenly, as Slack's tier limits are per workspace. */
export const workspaceIndexOf = (k: number, workspaces: number) => k % workspaces;

/** undici `request()` with kept-alive pools (as the app's Slack calls): cheaper than `fetch` for the cores both apps share. */
const transport = createHttpTransport();

/** A signed request ready to go: built (form, JSON, HMAC) before the batch's clock starts. */
interface Prepared {
  url: string;
  init: RequestInit;
}

/**
 * Builds a batch's requests through the same requester the tests use, with a transport that keeps
 * each request instead of sending it. During the batch the generator then only writes them and
 * reads the answers: its own work (and garbage) between requests would otherwise delay reading
 * the other requests' answers, on the clock of whichever app is measured.
 */
const preparedRequests: Prepared[] = [];
const keep = async (url: string | URL | Request, init?: RequestInit) => {
  // Bytes now: the transport would otherwise encode the string while other answers wait.
  const body = typeof init?.body === "string" ? Buffer.from(init.body) : init?.body;
  preparedRequests.push({ url: String(url), init: { ...init, body } });
  return new Response("");
};

let init: LoadInit | null = null;
/** Requesters by app URL, then by workspace. */
const requesters = new Map<string, SlackRequester[]>();

function requesterFor(appUrl: string, w: number): SlackRequester {
  if (!init) throw new Error("batch before init");
  const { signingSecret, workspaces } = init;
  let list = requesters.get(appUrl);
  if (!list) {
    list = workspaces.map((ws) =>
      createSlackRequester({ appUrl, signingSecret, teamId: ws.teamId, timeoutMs: 30_000, transport: keep }),
    );
    requesters.set(appUrl, list);
  }
  return list[w] as SlackRequester;
}

async function prepare(cfg: LoadInit, batch: LoadBatch): Promise<Prepared[]> {
  const build = (i: number) => {
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
  preparedRequests.length = 0;
  for (let i = 0; i < batch.triggerIds.length; i++) await build(i);
  return preparedRequests.splice(0);
}

async function run(cfg: LoadInit, batch: LoadBatch): Promise<LoadResult> {
  const requests = await prepare(cfg, batch);
  // Garbage from building them is collected now, not while answers wait to be read (`--expose-gc`).
  (globalThis as { gc?: () => void }).gc?.();
  const n = requests.length;
  const sent: LoadResult["sent"] = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const { url, init } = requests[i] as Prepared;
      const sentAt = performance.timeOrigin + performance.now();
      const res = await transport(url, init);
      await res.arrayBuffer();
      sent[i] = { sentAt, ms: performance.timeOrigin + performance.now() - sentAt, status: res.status };
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
