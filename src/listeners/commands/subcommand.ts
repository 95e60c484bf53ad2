/**
 * A slash command's subcommand (`/scrum roles`, `/backlog dor`, …): one small handler each, given
 * the parsed context and a private `reply`.
 */
import type { WebClient } from "@slack/web-api";
import type { CommandContext } from "../../slack/context.js";
import type { Outgoing } from "../../slack/reply.js";
import type { ListenerDeps } from "../deps.js";

export interface SubcommandContext {
  ctx: CommandContext;
  /** The text this subcommand parses (for `/scrum`: after the subcommand word). */
  args: string;
  /** Answers the person privately (ephemeral, through the command's response URL). */
  reply: (message: Outgoing) => Promise<void>;
  client: WebClient;
  deps: ListenerDeps;
}

export type SubcommandHandler = (s: SubcommandContext) => Promise<void>;
