/**
 * `/scrum help`: first the five things this person's role does most, with a "More…" button for
 * every command (about 5,000 characters: too much to read before finding the one you need).
 */
import type { KnownBlock } from "@slack/types";
import { ROLE_LABELS, type TeamRole } from "../domain/permissions.js";
import type { CommandSpec } from "../slack/catalog.js";
import { HelpIds } from "../slack/ids.js";
import { md, packLines } from "./format.js";
import type { SlackMessage } from "./message.js";

/** What each role does most, most frequent first (usage, what it does). */
export const MOST_USED: Record<TeamRole, readonly (readonly [string, string])[]> = {
  product_owner: [
    ["/story [title]", "capture a story; only the title is needed"],
    ["/backlog", "the ordered backlog: each story's menu moves, edits, readies, splits"],
    ["/backlog triage", "stakeholders' requests: accept, merge or decline"],
    ["/sprint plan", "the next ready stories against the team's velocity"],
    ["/digest preview", "what stakeholders will read in the next digest"],
  ],
  admin: [
    ["/scrum roles", "who is product owner, member or viewer"],
    ["/scrum status", "schedules, the next runs and delivery problems"],
    ["/standup setup", "a daily async standup for a channel"],
    ["/digest setup", "the stakeholder digest: channels, schedule, sections"],
    ["/backlog", "the ordered backlog"],
  ],
  member: [
    ["/standup", "answer today's standup"],
    ["/story [title]", "capture a story; only the title is needed"],
    ["/poker <story>", "planning poker: one click on a card votes"],
    ["/sprint", "the sprint's progress and burndown, privately"],
    ["/retro", "add an anonymous retro card"],
  ],
  viewer: [
    ["/request [what]", "ask the product owner for something"],
    ["/backlog", "what the team will do next, in order"],
    ["/forecast <story>", "when a story is likely done"],
    ["/goal", "the product goals and how they are measured"],
    ["/scrum roles", "who to ask: product owners and admins"],
  ],
};

/** The short help for one role: five lines and a "More…" button for everything. */
export function roleHelpMessage(role: TeamRole, note?: string): SlackMessage {
  const an = /^[aeiou]/i.test(ROLE_LABELS[role].one) ? "an" : "a";
  const lines = MOST_USED[role].map(([usage, what]) => `*\`${usage}\`* — ${what}`);
  const blocks: KnownBlock[] = [];
  if (note) blocks.push({ type: "section", text: { type: "mrkdwn", text: note } });
  blocks.push(
    { type: "header", text: { type: "plain_text", text: "What you'll use most", emoji: true } },
    { type: "context", elements: [{ type: "mrkdwn", text: `As ${an} ${ROLE_LABELS[role].one}:` }] },
    { type: "section", text: { type: "mrkdwn", text: lines.join("\n") } },
    {
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: HelpIds.more,
          text: { type: "plain_text", text: "More…" },
          value: "all",
          accessibility_label: "Show every command",
        },
      ],
    },
    { type: "context", elements: [{ type: "mrkdwn", text: "Every command: *More…* or `/scrum help all`" }] },
  );
  return { text: md`What you'll use most`, blocks };
}

/** Every command with its subcommands, from the catalog. */
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
