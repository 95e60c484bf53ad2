/**
 * `/scrum <subcommand> [args]`: each subcommand is one small handler in this folder.
 * Add an entry to `scrumSubcommands` (and a line to the catalog's `subcommands`).
 */
import type { RespondFn, SlashCommand } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ListenerDeps } from "../../deps.js";
import { help } from "./help.subcommand.js";
import { roles } from "./roles.subcommand.js";
import { status } from "./status.subcommand.js";

export interface SubcommandContext {
  command: SlashCommand;
  /** Text after the subcommand word, cleaned. */
  args: string;
  respond: RespondFn;
  client: WebClient;
  deps: ListenerDeps;
}

export type SubcommandHandler = (ctx: SubcommandContext) => Promise<void>;

export const scrumSubcommands: Record<string, SubcommandHandler> = {
  help,
  roles,
  status,
};
