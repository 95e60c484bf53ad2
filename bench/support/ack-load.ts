/**
 * Load generator for `bench:ack`, run as its own process (as Slack is another machine): the
 * fake Slack lives in the bench's process, and its work (answering `views.open`, recording
 * calls) would otherwise delay the measurement of the next acks. Gets batches over IPC, sends
 * them at the given concurrency, and answers each with its round trips.
 */
import { createHttpTransport } from "../../src/app/http-transport.js";
import type { ModalStateValues } from "../../test/support/modal.js";
import { createSlackRequester } from "../../test/support/slack-requests.js";

/** One batch: `n` requests of one surface to one app. Ids and URLs are minted by the fake's process. */
export interface LoadBatch {
  appUrl: string;
  signingSecret: string;
  teamId: string;
  concurrency: number;
  surface: "story" | "backlog" | "backlog_click" | "story_submit";
  userId: string;
  channelId: string;
  triggerIds: string[];
  responseUrls: string[];
  button?: { action_id: string; block_id: string; value: string };
  view?: Record<string, unknown>;
  /** JSON of the submission's values with `__N__` where the request's number goes. */
  valuesTemplate?: string;
  /** Number of the batch's first request (submission markers are unique across batches). */
  firstNumber: number;
}

export interface LoadResult {
  /** Per request, in request order: Date.now() when sent, round trip (ms), HTTP status. */
  sent: { sentAt: number; ms: number; status: number }[];
}

/** undici `request()` with kept-alive pools (as the app's Slack calls): cheaper than `fetch` for the cores both apps share. */
const transport = createHttpTransport();

async function run(batch: LoadBatch): Promise<LoadResult> {
  const slack = createSlackRequester({
    appUrl: batch.appUrl,
    signingSecret: batch.signingSecret,
    teamId: batch.teamId,
    timeoutMs: 30_000,
    transport,
  });
  const { userId, channelId } = batch;
  const send = (i: number) => {
    const triggerId = batch.triggerIds[i] ?? "";
    const responseUrl = batch.responseUrls[i] ?? "";
    switch (batch.surface) {
      case "story":
        return slack.command("/story", "Bench story", { userId, channelId, triggerId, responseUrl });
      case "backlog":
        return slack.command("/backlog", "", { userId, channelId, triggerId, responseUrl });
      case "backlog_click":
        return slack.blockAction({
          userId,
          channelId,
          triggerId,
          responseUrl,
          actions: [batch.button ?? { action_id: "none", block_id: "none", value: "" }],
        });
      case "story_submit": {
        const values = JSON.parse(
          (batch.valuesTemplate ?? "{}").replaceAll("__N__", String(batch.firstNumber + i)),
        ) as ModalStateValues;
        return slack.viewSubmission({ userId, view: batch.view ?? {}, values, triggerId });
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

process.on("message", (batch: LoadBatch) => {
  run(batch).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));
