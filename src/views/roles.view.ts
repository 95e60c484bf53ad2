/** `/scrum roles`: who holds which role in the team. Pure builders. */
import type { KnownBlock } from "@slack/types";
import { TEAM_ROLES, type TeamRole } from "../services/access.ports.js";
import { ROLE_LABELS, type RoleAssignment } from "../services/access.service.js";
import { md, ours, truncate } from "./format.js";
import type { SlackMessage } from "./message.js";

const ROLE_DUTIES: Record<TeamRole, string> = {
  admin: "everything, including roles",
  product_owner: "reorder, edit, archive, triage requests, set goals",
  member: "create and edit their stories, estimate, run sprints and ceremonies",
  viewer: "read the backlog and send requests",
};

/** At most this many mentions per role; the rest are counted. Keeps each section < 3,000 chars. */
const MAX_MENTIONS = 100;

export function rolesMessage(input: {
  assignments: RoleAssignment[];
  defaultRole: TeamRole;
  viewerRole: TeamRole;
  canManage: boolean;
}): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Team roles", emoji: true } },
  ];
  const order: TeamRole[] = ["admin", "product_owner", "member", "viewer"];
  for (const role of order) {
    const holders = input.assignments.filter((a) => a.role === role).map((a) => `<@${a.userId}>`);
    const shown = holders.slice(0, MAX_MENTIONS).join(" ");
    const more = holders.length > MAX_MENTIONS ? ` and ${holders.length - MAX_MENTIONS} more` : "";
    const extra = role === "admin" ? " (workspace admins always count)" : "";
    const who =
      holders.length > 0
        ? `${shown}${more}`
        : role === input.defaultRole
          ? "_everyone not listed_"
          : "_nobody yet_";
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          `*${capitalise(ROLE_LABELS[role].many)}*${extra} — ${ROLE_DUTIES[role]}\n${who}`,
          3000,
        ),
      },
    });
  }
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `Everyone not listed is a *${ROLE_LABELS[input.defaultRole].one}*. You are ${article(ROLE_LABELS[input.viewerRole].one)}.`,
      },
    ],
  });
  if (input.canManage) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: "Change: `/scrum roles po @maria` · `/scrum roles admin|member|viewer @jo` · `/scrum roles remove @jo` · `/scrum roles default viewer|member`",
        },
      ],
    });
  }
  return { text: md`Team roles`, blocks };
}

/** `text` is the app's own words with people as `<@U…>` (ids from Slack), no typed text. */
export function rolesChangedMessage(text: string): SlackMessage {
  return {
    text: ours(truncate(text, 300)),
    blocks: [{ type: "section", text: { type: "mrkdwn", text: truncate(text, 3000) } }],
  };
}

/** "✅ <@U1> and <@U2> are now product owners." */
export function roleAssignedText(userIds: string[], role: TeamRole): string {
  const who = userIds.map((u) => `<@${u}>`).join(", ");
  return userIds.length === 1
    ? `✅ ${who} is now ${article(ROLE_LABELS[role].one)}.`
    : `✅ ${who} are now ${ROLE_LABELS[role].many}.`;
}

export { TEAM_ROLES };

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function article(s: string): string {
  return /^[aeiou]/i.test(s) ? `an ${s}` : `a ${s}`;
}
