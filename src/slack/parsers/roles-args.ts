/**
 * `/scrum roles …` arguments. Mentions arrive escaped (`<@U123|maria>`) because the `/scrum`
 * command has `should_escape: true`; bare ids (`U123`) work too.
 */
import type { TeamRole } from "../../services/access.ports.js";
import { parseRole } from "../../services/access.service.js";

export type RolesCommand =
  | { kind: "list" }
  | { kind: "assign"; role: TeamRole; userIds: string[] }
  | { kind: "remove"; userIds: string[] }
  | { kind: "default"; role: TeamRole }
  | { kind: "invalid"; message: string };

const USAGE =
  "Try `/scrum roles` (list), `/scrum roles po @maria`, `/scrum roles admin|member|viewer @jo @li`, `/scrum roles remove @jo` or `/scrum roles default viewer`.";

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|\b([UW][A-Z0-9]{5,})\b/g;

export function parseRolesArgs(text: string): RolesCommand {
  const trimmed = text.trim();
  if (trimmed === "" || /^(list|show)$/i.test(trimmed)) return { kind: "list" };
  const [first = "", ...restWords] = trimmed.split(/\s+/);
  const rest = restWords.join(" ");
  const userIds = [...new Set([...rest.matchAll(MENTION)].map((m) => m[1] ?? m[2] ?? ""))].filter(Boolean);
  const word = first.toLowerCase();

  if (word === "default") {
    const role = parseRole(rest);
    if (role !== "member" && role !== "viewer") {
      return {
        kind: "invalid",
        message:
          "The default role is `member` (anyone may add stories) or `viewer` (only listed people may).",
      };
    }
    return { kind: "default", role };
  }
  const removing = word === "remove" || word === "unassign" || word === "rm";
  // "product owner @maria" → the role may be two words.
  const twoWordRole = parseRole(`${first} ${restWords[0] ?? ""}`);
  const role = twoWordRole ?? parseRole(first);
  if (!removing && !role) return { kind: "invalid", message: `I don't know that role. ${USAGE}` };
  if (userIds.length === 0)
    return {
      kind: "invalid",
      message: `Mention who, e.g. \`/scrum roles ${removing ? "remove" : first} @maria\`.`,
    };
  if (userIds.length > 20) return { kind: "invalid", message: "At most 20 people at once, please." };
  if (removing) return { kind: "remove", userIds };
  return { kind: "assign", role: role as TeamRole, userIds };
}

export const ROLES_USAGE = USAGE;
