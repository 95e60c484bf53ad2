import type { WebClient } from "@slack/web-api";
import type { SprintStatusView } from "../services/sprint.service.js";
import { burndownComment } from "../views/sprint.view.js";
import type { ListenerDeps } from "./deps.js";

/**
 * Renders the running sprint's burndown (worker pool) and uploads it to `channelId` with the
 * progress as its comment. The caller picks the audience: the person's DM for `/sprint`, the
 * channel only when they press Share in channel. Slack errors are the caller's to answer.
 */
export async function uploadBurndown(
  deps: ListenerDeps,
  client: WebClient,
  view: SprintStatusView,
  channelId: string,
): Promise<void> {
  const title = `Burndown · ${view.sprint.name}`;
  const comment = burndownComment(view);
  const file = await deps.charts.burndownPng(view.burndown, title);
  const upload = { channel_id: channelId, file, filename: "burndown.png", title };
  await client.filesUploadV2({ ...upload, alt_text: comment, initial_comment: comment });
}
