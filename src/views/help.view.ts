/** `/scrum help`: every command with a one-line description, from the catalog. */
import type { KnownBlock } from "@slack/types";
import type { CommandSpec } from "../slack/catalog.js";
import { md, packLines } from "./format.js";
import type { SlackMessage } from "./message.js";

export function helpMessage(commands: CommandSpec[], note?: string): SlackMessage {
  const lines = commands.map((c) =>
    [
      `*\`${c.command}${c.usageHint ? ` ${c.usageHint}` : ""}\`* — ${c.description}`,
      ...(c.subcommands ?? []).map((s) => `    \`${s.usage}\` — ${s.description}`),
    ].join("\n"),
  );
  const blocks: KnownBlock[] = [];
  if (note) blocks.push({ type: "section", text: { type: "mrkdwn", text: note } });
  blocks.push({ type: "header", text: { type: "plain_text", text: "Scrumbot commands", emoji: true } });
  for (const text of packLines(lines, 3000)) blocks.push({ type: "section", text: { type: "mrkdwn", text } });
  return { text: md`Scrumbot commands`, blocks };
}
