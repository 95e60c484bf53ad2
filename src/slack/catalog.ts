/**
 * The catalog of slash commands and shortcuts: name, usage hint and description.
 * Single source for the Slack manifest (`manifest/`), `/scrum help`, and the test
 * that checks every command is both declared and handled.
 */
import { BacklogIds, Commands, DigestIds, ShortcutIds, StandupIds } from "./ids.js";

export interface CommandSpec {
  command: string;
  usageHint: string;
  description: string;
  /** Extra lines for `/scrum help`: subcommands, one per entry. */
  subcommands?: { usage: string; description: string }[];
  /** Manifest `should_escape`: mentions and channels arrive as `<@U…|name>` / `<#C…|name>`. Default false. */
  escapeMentions?: boolean;
}

/** Every slash command, in the order `/scrum help` and the manifest list them. */
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
    subcommands: [
      {
        usage: "/backlog triage",
        description: "Open stakeholder requests: accept, merge or decline (POs and admins)",
      },
      { usage: "/backlog archived", description: "Archived stories, with Restore (POs and admins)" },
      {
        usage: "/backlog ready #12",
        description: "A story's Definition of Ready checklist and INVEST hints",
      },
      {
        usage: "/backlog size 8",
        description: "Definition of Ready: the largest estimate a ready story may have",
      },
      {
        usage: "/backlog dor [off|on <check>]",
        description:
          "Definition of Ready: every check on or off, with Turn off / Turn on buttons (POs and admins change it)",
      },
      {
        usage: "/backlog method wsjf",
        description: "The team's priority helper: moscow, value_effort, wsjf, rice or none",
      },
      {
        usage: "/backlog score #12 value=8 time=5 risk=3 size=2",
        description: "Score a story with the team's method",
      },
      {
        usage: "/backlog suggest",
        description: "Suggested order by the team's method (your order stays as it is)",
      },
    ],
  },
  {
    command: BacklogIds.goalCommand,
    usageHint: "[statement | features | feature [G1] <title> | G1]",
    description: "Product goals with success metrics, and features through their six stages",
    subcommands: [
      { usage: "/goal", description: "Goals with their metrics and status; New goal / Edit buttons" },
      {
        usage: "/goal Grow activation",
        description: "New goal: statement, metrics (one per line, optional → target), status",
      },
      { usage: "/goal G1", description: "Edit goal G1" },
      {
        usage: "/goal feature G1 CSV export",
        description: "New feature (optionally linked to goal G1), starting at Idea",
      },
      {
        usage: "/goal features",
        description: "Features with their stage; Next stage / Back buttons (who and when recorded)",
      },
    ],
  },
  {
    command: Commands.poker,
    usageHint: "<story number> [@people…] [30m]",
    description: "Planning poker on a story: private votes, reveal, accept the estimate",
    // Invited people arrive as <@U…|name>.
    escapeMentions: true,
  },
  {
    command: Commands.sprint,
    usageHint: "[start | plan | close]",
    description: "Sprint progress and burndown chart; start, plan or close a sprint",
    subcommands: [
      {
        usage: "/sprint",
        description: "Progress (points done/remaining, days left, goal), item status buttons, burndown chart",
      },
      {
        usage: "/sprint start [name]",
        description: "Name, goal, dates (default two weeks), review time, Definition of Done",
      },
      {
        usage: "/sprint plan",
        description: "Add ready backlog items up to the team's velocity (last 3 sprints)",
      },
      {
        usage: "/sprint close",
        description: "Record velocity; unfinished items go to the top of the backlog or the next sprint",
      },
    ],
  },
  {
    command: Commands.refine,
    usageHint: "[setup [#channel] <weekday> <HH:MM> [items]]",
    description: "Backlog refinement agenda: the next items that aren't ready and what each is missing",
    // The channel arrives as <#C…|name>.
    escapeMentions: true,
    subcommands: [
      { usage: "/refine", description: "Post the agenda here now (not-ready items in backlog order)" },
      {
        usage: "/refine setup",
        description: "A form for the weekly agenda: channel, day, time, zone, items",
      },
      {
        usage: "/refine setup #team thursday 14:00 5",
        description: "Post it weekly (your time zone), N items",
      },
    ],
  },
  {
    command: Commands.request,
    usageHint: "[what you need]",
    description: "Ask the product owner for something (what, why, who asks, how urgent)",
  },
  {
    command: Commands.scrum,
    usageHint: "help",
    description: "Scrumbot help and administration",
    // Mentions arrive as <@U…|name> (needed by `/scrum roles po @maria`).
    escapeMentions: true,
    subcommands: [
      { usage: "/scrum help", description: "List every command" },
      {
        usage: "/scrum status",
        description: "Schedules with their next run in your time zone; delivery problems (admins)",
      },
      { usage: "/scrum roles", description: "Who is product owner, admin, team member or viewer" },
      {
        usage: "/scrum roles po|admin|member|viewer @who",
        description: "Give people a role (admins only; workspace admins are admins)",
      },
      { usage: "/scrum roles remove @who", description: "Back to the team default role" },
      {
        usage: "/scrum roles default member|viewer",
        description: "Role of everyone not listed (viewer: only listed people change the backlog)",
      },
    ],
  },
  // Stakeholder digests and forecasts (issue 7).
  {
    command: DigestIds.command,
    usageHint: "[preview | send | setup]",
    description: "Stakeholder digest: goals, sprint, what's next with likely dates, what changed",
    subcommands: [
      { usage: "/digest preview", description: "Show the digest to you now (only you see it)" },
      { usage: "/digest send", description: "Post the digest to its channels now" },
      { usage: "/digest setup", description: "Channels, schedule and time zone, sections, how many items" },
    ],
  },
  {
    command: DigestIds.forecastCommand,
    usageHint: "<story number>",
    description: "When a story is likely done: 50%, 85% and 95% dates from the team's own pace",
  },
  // Async daily standups (issue 4).
  {
    command: StandupIds.command,
    usageHint: "[setup | list | away FROM TO | back | stats | help]",
    description: "Write your daily standup; set standups up, mark yourself away, see your streak",
    subcommands: [
      {
        usage: "/standup",
        description: "Write or edit your answer (in the evening: for the next standup day)",
      },
      { usage: "/standup setup", description: "New standup: channel, people, days, time, zones, questions" },
      { usage: "/standup list", description: "Every standup; owners and admins can edit or delete" },
      { usage: "/standup away 2026-12-24 2027-01-02", description: "No prompts while you are away" },
      { usage: "/standup back", description: "End your current absence" },
      { usage: "/standup stats", description: "Your streak and answer rate (owners: the team's)" },
    ],
  },
  // Retrospectives (issue 6).
  {
    command: Commands.retro,
    usageHint: "[reveal | actions]",
    description:
      "Add an anonymous retro card (went well / to improve / idea); reveal, dot-vote, action items",
    subcommands: [
      { usage: "/retro", description: "Add an anonymous card (only the column and the text are stored)" },
      {
        usage: "/retro reveal",
        description: "Show the cards here grouped by column for dot votes and action items",
      },
      { usage: "/retro actions", description: "Your open action items, with a Done button" },
    ],
  },
];

export interface ShortcutSpec {
  callbackId: string;
  type: "message" | "global";
  name: string;
  description: string;
}

export const shortcutCatalog: ShortcutSpec[] = [
  {
    callbackId: ShortcutIds.turnIntoStory,
    type: "message",
    name: "Turn into story",
    description: "Capture this message as a user story; scrumbot replies in its thread",
  },
];
