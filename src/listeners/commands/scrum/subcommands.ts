/**
 * `/scrum <subcommand> [args]`: each subcommand is one small handler in this folder.
 * Add an entry to `scrumSubcommands` (and a line to the catalog's `subcommands`).
 */
import type { SubcommandHandler } from "../subcommand.js";
import { help } from "./help.subcommand.js";
import { roles } from "./roles.subcommand.js";
import { status } from "./status.subcommand.js";

export const scrumSubcommands: Record<string, SubcommandHandler> = {
  help,
  roles,
  status,
};
