/**
 * The catalog of slash commands and shortcuts: name, usage hint and description.
 * Single source for the Slack manifest (`manifest/`), `/scrum help`, and the test
 * that checks every command is both declared and handled.
 */
import { Commands } from "./ids.js";

export interface CommandSpec {
  command: string;
  usageHint: string;
  description: string;
  /** Extra lines for `/scrum help`: subcommands, one per entry. */
  subcommands?: { usage: string; description: string }[];
}

export const commandCatalog: CommandSpec[] = [
  {
    command: Commands.story,
    usageHint: "[title]",
    description: "Capture a user story in a form (persona, goal, benefit, acceptance criteria)",
  },
  {
    command: Commands.backlog,
    usageHint: "[how many | search words]",
    description: "Show the ordered product backlog (top 20; /backlog 50 or /backlog login)",
  },
  {
    command: Commands.scrum,
    usageHint: "help",
    description: "Scrumbot help and administration",
    subcommands: [{ usage: "/scrum help", description: "List every command" }],
  },
];

export interface ShortcutSpec {
  callbackId: string;
  type: "message" | "global";
  name: string;
  description: string;
}

export const shortcutCatalog: ShortcutSpec[] = [];
