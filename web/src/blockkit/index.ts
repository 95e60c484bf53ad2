/**
 * Scrumbot's Block Kit renderer for the playground page: Slack's blocks, elements and mrkdwn as
 * React, rendered as text nodes only (no HTML from payloads, nothing loaded from the internet).
 */
import "./blockkit.css";

export { Blocks } from "./blocks.js";
export { ModalView, type ModalViewProps } from "./modal.js";
export { Mrkdwn } from "./mrkdwn.js";
export type {
  BlockAction,
  ChannelChoice,
  ElementState,
  PersonChoice,
  RenderContext,
  SelectedOption,
  StateValues,
} from "./types.js";
