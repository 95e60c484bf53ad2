/**
 * Bot scopes, least privilege: each one is here because a feature uses it.
 * Add a scope together with the feature that needs it, with its reason.
 */
export const botScopes: { scope: string; why: string }[] = [
  {
    scope: "commands",
    why: "slash commands: /story, /backlog, /scrum, /request, /poker, /sprint, /refine; the Turn into story message shortcut",
  },
  {
    scope: "chat:write",
    why: "confirmations and ephemeral replies, and DMs when an ephemeral reply is impossible",
  },
  {
    scope: "chat:write.customize",
    why: "standup answers in the report's thread are posted under the person's name and avatar (chat.postMessage username/icon_url), as people expect from Geekbot; without it they show the name as a plain first line",
  },
  {
    scope: "channels:read",
    why: "conversations.info: is the bot in a public channel before it posts the stakeholder digest there (else the digest's owner gets a notice)",
  },
  {
    scope: "groups:read",
    why: "conversations.info: the same check for private digest channels",
  },
  {
    scope: "files:write",
    why: "/sprint shares the sprint's burndown chart (a PNG rendered by scrumbot) in the channel",
  },
  {
    scope: "users:read",
    why: "users.list (and users.info for someone new): the people directory of names, time zones and admin flags; workspace admins count as scrumbot admins (/scrum roles); user_change and team_join events",
  },
];

/** Bot events the app subscribes to (commands and interactivity need none). */
export const botEvents: { event: string; why: string }[] = [
  {
    event: "app_home_opened",
    why: "publish the viewer's Home tab (backlog top, their stories, triage inbox)",
  },
  {
    event: "member_joined_channel",
    why: "when the bot is invited to a channel, post today's standup report it could not post there before (needs channels:read / groups:read)",
  },
  {
    event: "user_change",
    why: "keep the people directory current (name, time zone, admin, deactivated); a new time zone moves that person's standup prompts (needs users:read)",
  },
  {
    event: "team_join",
    why: "add people who join the workspace to the people directory (needs users:read)",
  },
  {
    event: "app_uninstalled",
    why: "stop everything for the workspace at once and start its data retention period (no scope needed)",
  },
  {
    event: "tokens_revoked",
    why: "a revoked bot token stops everything for the workspace, like an uninstall (no scope needed)",
  },
];
