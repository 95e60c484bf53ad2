/**
 * The permission table: every guarded action → the permission it needs → the roles holding it.
 * One table, pure data; `services/access.service.ts` answers `can`/`require` from it, every
 * listener path reaches it through that service, `docs/permissions.md` is rendered from it
 * (`renderPermissionsMarkdown`, checked by a test) and a test walks every action × role.
 *
 * Roles: product owners and admins (backlog decisions), team members (the scrum master is one:
 * stories, estimates, sprints, ceremonies), viewers (stakeholders: read and send requests). Slack
 * workspace admins and owners of the team are always admins, so a team can't lock itself out.
 */

export const TEAM_ROLES = ["product_owner", "admin", "member", "viewer"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const ROLE_LABELS: Record<TeamRole, { one: string; many: string }> = {
  product_owner: { one: "product owner", many: "product owners" },
  admin: { one: "admin", many: "admins" },
  member: { one: "team member", many: "team members" },
  viewer: { one: "viewer", many: "viewers" },
};

export type Permission =
  | "backlog.reorder"
  | "backlog.edit_any"
  | "backlog.archive"
  | "backlog.triage"
  | "goals.manage"
  | "story.create"
  | "story.estimate"
  | "sprint.manage"
  | "ceremony.configure"
  | "ceremony.take_part"
  | "roles.manage";

/** Which roles grant each permission. */
export const GRANTS: Record<Permission, readonly TeamRole[]> = {
  "backlog.reorder": ["product_owner", "admin"],
  "backlog.edit_any": ["product_owner", "admin"],
  "backlog.archive": ["product_owner", "admin"],
  "backlog.triage": ["product_owner", "admin"],
  "goals.manage": ["product_owner", "admin"],
  "story.create": ["product_owner", "admin", "member"],
  "story.estimate": ["product_owner", "admin", "member"],
  "sprint.manage": ["product_owner", "admin", "member"],
  "ceremony.configure": ["product_owner", "admin", "member"],
  /** Taking part in a ceremony beyond reading it: dot votes, posting agendas and charts. */
  "ceremony.take_part": ["product_owner", "admin", "member"],
  "roles.manage": ["admin"],
};

interface ActionRule {
  permission: Permission;
  /** What the action is, for "Only … can <phrase>". */
  phrase: string;
  /** Where people do it (the docs' last column). */
  where: string;
}

/**
 * Every guarded action. A permission's own name is also an action (the general case, e.g.
 * `story.create`); finer actions name what was refused ("vote in retros", not "take part").
 */
export const ACTIONS = {
  "backlog.reorder": {
    permission: "backlog.reorder",
    phrase: "reorder the backlog",
    where: "`/backlog` move buttons, `/backlog top`, `bottom`, `move`, `method`, priority inputs",
  },
  "backlog.dor": {
    permission: "backlog.reorder",
    phrase: "change the Definition of Ready",
    where: "`/backlog dor` switches",
  },
  "backlog.edit_any": {
    permission: "backlog.edit_any",
    phrase: "edit other people's stories",
    where: "story Edit on someone else's story",
  },
  "backlog.archive": {
    permission: "backlog.archive",
    phrase: "archive or restore stories",
    where: "story Archive / Restore",
  },
  "backlog.triage": {
    permission: "backlog.triage",
    phrase: "triage requests",
    where: "request Accept / Decline / Merge",
  },
  "goals.manage": {
    permission: "goals.manage",
    phrase: "set product goals",
    where: "`/goal` form, sprint goal",
  },
  "story.create": {
    permission: "story.create",
    phrase: "create stories",
    where: "`/story`, Turn into story, story form, editing your own story, retro action items",
  },
  "story.estimate": {
    permission: "story.estimate",
    phrase: "estimate stories",
    where: "`/poker`, Accept on a revealed poker session",
  },
  "poker.facilitate": {
    permission: "story.estimate",
    phrase: "reveal, re-vote or cancel a poker session",
    where: "poker Reveal / Re-vote / Cancel (the facilitator, while they may estimate)",
  },
  "sprint.manage": {
    permission: "sprint.manage",
    phrase: "manage sprints",
    where: "the `/sprint start` form, `/sprint` Add and Close buttons",
  },
  "sprint.post": {
    permission: "ceremony.take_part",
    phrase: "post the burndown chart in a channel",
    where: "`/sprint` (others see their progress privately)",
  },
  "ceremony.configure": {
    permission: "ceremony.configure",
    phrase: "configure ceremonies",
    where: "`/refine setup`, `/digest setup`, `/digest send`, retro reveal / close",
  },
  "standup.create": {
    permission: "ceremony.configure",
    phrase: "create standups",
    where: "`/standup setup`, the standup form",
  },
  "refine.post": {
    permission: "ceremony.take_part",
    phrase: "post the refinement agenda in a channel",
    where: "`/refine` (others see the agenda privately)",
  },
  "ceremony.take_part": {
    permission: "ceremony.take_part",
    phrase: "take part in ceremonies",
    where: "the finer actions below",
  },
  "retro.vote": { permission: "ceremony.take_part", phrase: "vote in retros", where: "retro dot votes" },
  "roles.manage": { permission: "roles.manage", phrase: "manage roles", where: "`/scrum roles …` changes" },
} as const satisfies Record<Permission, ActionRule> & Record<string, ActionRule>;
export type Action = keyof typeof ACTIONS;
export const ALL_ACTIONS = Object.keys(ACTIONS) as Action[];

/** Roles allowed to do `action`. */
export function rolesFor(action: Action): readonly TeamRole[] {
  return GRANTS[ACTIONS[action].permission];
}

export function allows(role: TeamRole, action: Action): boolean {
  return rolesFor(action).includes(role);
}

/** ["a","b","c"] → "a, b and c". */
export function joinWords(items: readonly string[], word: "and" | "or"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${word} ${items.at(-1)}`;
}

/** "Only product owners and admins can reorder the backlog" (the asking part is the service's). */
export function refusalHead(action: Action): string {
  const who = joinWords(
    rolesFor(action).map((r) => ROLE_LABELS[r].many),
    "and",
  );
  return `Only ${who} can ${ACTIONS[action].phrase}`;
}

/** `docs/permissions.md`, generated from the table (a test fails when the file differs). */
export function renderPermissionsMarkdown(): string {
  const header = ["action", "permission", ...TEAM_ROLES.map((r) => ROLE_LABELS[r].many), "where"];
  const rows = ALL_ACTIONS.map((a) => {
    const { permission, phrase, where } = ACTIONS[a];
    const cells = TEAM_ROLES.map((r) => (allows(r, a) ? "yes" : "—"));
    return [`\`${a}\` (${phrase})`, `\`${permission}\``, ...cells, where];
  });
  // Padded like the formatter pads Markdown tables, so `biome check` and the drift test agree.
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const table = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  return [
    "# Permissions",
    "",
    "<!-- Generated from src/domain/permissions.ts by `npx tsx scripts/permissions-doc.ts`; test/unit/domain/permissions.test.ts fails when this file differs. -->",
    "",
    "Every guarded action, the permission it needs and the roles that hold it. Listeners ask",
    "`AccessService.require(team, user, action)` (or `can`); a refusal is private and names who",
    'can: "Only product owners and admins can reorder the backlog: ask @maria."',
    "",
    "- People without an explicit role have the team default: team member, or viewer after",
    "  `/scrum roles default viewer`.",
    "- Slack workspace admins and owners of the team (not of another workspace in a shared",
    "  channel) are always admins.",
    "- Standups are also guarded by ownership: only the owner or a workspace admin may edit or",
    "  delete one. Poker Reveal / Re-vote / Cancel need the facilitator, who must still be allowed",
    "  to estimate.",
    "- Reading (backlog, roadmap, standup answers, poker votes, retro cards, `/request`) is open",
    "  to everyone.",
    "",
    ...table,
    "",
  ].join("\n");
}
