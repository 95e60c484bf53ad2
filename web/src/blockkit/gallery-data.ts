/**
 * Real scrumbot payloads for the gallery page and the renderer's tests, made by the app's own
 * Block Kit builders (src/views) from realistic models, plus one "kitchen sink" message for the
 * elements the app doesn't send yet and a block Slack would refuse.
 */
import { aggregateChanges, type DigestEvent, type StoryNow } from "../../../src/domain/digest/index.js";
import { forecastBacklog } from "../../../src/domain/forecast/index.js";
import { summarizeVotes } from "../../../src/domain/poker.js";
import { checkReadiness } from "../../../src/domain/readiness.js";
import { buildReportModel, defaultSettings, type Standup } from "../../../src/domain/standup/index.js";
import type { Story } from "../../../src/domain/story.js";
import type { DigestModel } from "../../../src/services/digest.service.js";
import type { PokerBoard } from "../../../src/services/poker.service.js";
import { backlogMessage } from "../../../src/views/backlog.view.js";
import { digestMessage } from "../../../src/views/digest.view.js";
import { homeView } from "../../../src/views/home.view.js";
import { pokerMessage } from "../../../src/views/poker.view.js";
import { retroActionModal } from "../../../src/views/retro.view.js";
import { standupParentMessage } from "../../../src/views/standup.view.js";
import { standupSetupModal } from "../../../src/views/standup-modals.view.js";
import { storyModal } from "../../../src/views/story-modal.view.js";
import type { ChannelChoice, PersonChoice } from "./types.js";

const AT = new Date("2026-12-02T09:00:00Z");

/** Where the app's burndown PNG "lives" in the gallery; the page maps it to a local file. */
export const BURNDOWN_URL = "https://files.scrumbot.test/burndown.png";

export const PEOPLE: PersonChoice[] = [
  { id: "U0PO", name: "Priya (PO)" },
  { id: "U0TOKYO", name: "Kenji Sato" },
  { id: "U0NYC", name: "Maya Johnson" },
  { id: "U0STAKE", name: "Sam Stakeholder" },
  { id: "U0ADMIN", name: "Alex Admin" },
];

export const CHANNELS: ChannelChoice[] = [
  { id: "C0GENERAL", name: "general" },
  { id: "C0PRODUCT", name: "product" },
  { id: "C0TEAM", name: "team" },
  { id: "G0LEADS", name: "leads", kind: "private" },
];

const TITLES = [
  "Export the backlog to CSV",
  "Single sign-on with Okta",
  "Show velocity on the Home tab",
  "Remind people who haven't answered the standup",
  "Dark mode for the digest <!channel> & friends",
  "Archive finished sprints",
  "Split a story in two",
  "Import stories from Jira",
];

const story = (n: number, over: Partial<Story> = {}): Story => ({
  id: n,
  teamId: "T1",
  number: n,
  title: TITLES[(n - 1) % TITLES.length] ?? `Story ${n}`,
  persona: n % 2 ? "product owner" : "",
  want: n % 2 ? "see the backlog in a spreadsheet" : "",
  benefit: n % 2 ? "I can share it with finance" : "",
  acceptanceCriteria: n % 2 ? ["Columns match the backlog", "Opens in Excel"] : [],
  estimate: n % 3 === 0 ? null : (([1, 2, 3, 5, 8] as const)[n % 5] ?? null),
  priority: n % 4 === 0 ? "critical" : "high",
  status: n === 1 ? "in_progress" : n % 2 ? "ready" : "new",
  rank: n * 1024,
  labels: n % 3 === 0 ? ["reports", "finance"] : [],
  createdBy: "U0PO",
  sourcePermalink: null,
  createdAt: AT,
  updatedAt: AT,
  archivedAt: null,
  ...over,
});

const stories = Array.from({ length: 8 }, (_, i) => story(i + 1));

/** `/backlog` as the product owner sees it (with the reorder controls). */
export function backlog() {
  return backlogMessage(
    {
      entries: stories.map((s, i) => ({ story: s, position: i + 1 })),
      matched: 30,
      total: 30,
      offset: 0,
      limit: 8,
      words: [],
    },
    { controls: "po" },
  );
}

const standup: Standup = {
  ...defaultSettings({}),
  id: 7,
  teamId: "T1",
  ownerId: "U0PO",
  channelId: "C0TEAM",
  promptTime: "09:00",
  participants: ["U0PO", "U0TOKYO", "U0NYC"],
  createdAt: AT,
  updatedAt: AT,
};

/** The standup report in #team: a blocker, who answered, who hasn't yet. */
export function standupReport() {
  const answer = (userId: string, id: number, blocked: boolean) => ({
    id,
    teamId: "T1",
    standupId: 7,
    day: "2026-12-02",
    userId,
    items: [
      {
        question: "What did you do since the last standup?",
        answer: "Finished the CSV export",
        blocker: false,
      },
      { question: "What will you do today?", answer: "Review *SSO* with `okta`", blocker: false },
      {
        question: "Anything blocking you?",
        answer: blocked ? "Waiting for the Okta test tenant" : "none",
        blocker: blocked,
      },
    ],
    submittedAt: AT,
    updatedAt: AT,
    revision: 1,
    late: false,
  });
  const answers = [answer("U0TOKYO", 1, true), answer("U0NYC", 2, false)];
  const model = buildReportModel({
    standup,
    day: "2026-12-02",
    participants: [
      { userId: "U0PO", name: "Priya (PO)", zone: "Europe/Berlin", away: false },
      { userId: "U0TOKYO", name: "Kenji Sato", zone: "Asia/Tokyo", away: false },
      { userId: "U0NYC", name: "Maya Johnson", zone: "America/New_York", away: false },
    ],
    answers,
    blockers: [
      {
        id: 1,
        teamId: "T1",
        standupId: 7,
        userId: "U0TOKYO",
        day: "2026-12-02",
        text: "Waiting for the Okta test tenant",
        createdAt: AT,
        resolvedAt: null,
        resolvedBy: null,
        staleNotifiedAt: null,
      },
    ],
    now: AT,
    closed: false,
    closesAt: new Date("2026-12-02T12:00:00Z"),
  });
  return standupParentMessage(model);
}

const pokerBoard = (revealed: boolean): PokerBoard => {
  const votes = [
    { userId: "U0TOKYO", value: "5" as const, reason: "Needs a new export job", votedAt: AT },
    { userId: "U0NYC", value: "8" as const, reason: "Excel quirks <b>always</b> bite", votedAt: AT },
  ];
  return {
    session: {
      id: 3,
      teamId: "T1",
      channelId: "C0TEAM",
      storyId: 1,
      facilitatorId: "U0PO",
      invited: ["U0TOKYO", "U0NYC"],
      round: 1,
      state: revealed ? "revealed" : "voting",
      deadlineAt: new Date("2026-12-02T10:00:00Z"),
      messageTs: "1796202000.000100",
      acceptedEstimate: null,
      acceptedBy: null,
      createdAt: AT,
      revealedAt: revealed ? AT : null,
      closedAt: null,
    },
    story: stories[0] as Story,
    voters: revealed ? ["U0TOKYO", "U0NYC"] : ["U0TOKYO"],
    // Story #1 has no estimate yet: the revealed board says "not estimated before".
    revealed: revealed ? { votes, summary: summarizeVotes(votes), currentEstimate: null } : null,
  };
};

/** Planning poker on story #1: voting, then revealed. */
export const pokerVoting = () => pokerMessage(pokerBoard(false));
export const pokerRevealed = () => pokerMessage(pokerBoard(true));

/** The Monday digest with a sprint in progress, the top of the backlog and last week's changes. */
export function digest() {
  const history = [18, 21, 17];
  const result = forecastBacklog({
    velocityHistory: history,
    queue: stories.map((s) => ({ id: s.id, points: s.estimate })),
    sprint: { kind: "between_sprints", sprintLengthDays: 14, nextSprintStart: "2026-12-07" },
    seed: 7,
    limit: 20,
  });
  const events: DigestEvent[] = [
    { id: 1, storyId: 2, kind: "created", data: { number: 2, title: stories[1]?.title } },
    { id: 2, storyId: 3, kind: "moved", data: { fromPosition: 7, toPosition: 3 } },
    { id: 3, storyId: 4, kind: "status", data: { from: "ready", to: "done" } },
    { id: 4, storyId: 5, kind: "estimated", data: { from: 3, to: 8 } },
  ];
  const now = new Map<number, StoryNow>(
    stories.map((s, i) => [
      s.id,
      { id: s.id, number: s.number, title: s.title, position: i + 1, status: s.status },
    ]),
  );
  const model: DigestModel = {
    teamId: "T1",
    generatedAt: new Date("2026-12-07T08:00:00Z"),
    timeZone: "Europe/Berlin",
    sections: ["goals", "sprint", "top", "changes"],
    goals: [{ title: "Finance teams adopt scrumbot", metrics: ["10 teams export monthly"] }],
    sprint: {
      name: "Sprint 4",
      goal: "Ship the CSV export",
      startedOn: "2026-11-30",
      endsOn: "2026-12-11",
      donePoints: 8,
      plannedPoints: 20,
      doneItems: 2,
      plannedItems: 6,
    },
    top: {
      items: stories.slice(0, 5).map((s, i) => ({
        story: s,
        position: i + 1,
        readiness: checkReadiness(s),
        forecast: result.kind === "forecast" ? (result.items[i] ?? null) : null,
        medianCount: i,
        priorityReason: null,
      })),
      openTotal: 30,
      result,
      sprintsFinished: history.length,
    },
    changes: {
      set: aggregateChanges(events, now),
      since: new Date("2026-11-30T08:00:00Z"),
      requestTitles: new Map(),
    },
    homeUrl: null,
  };
  return digestMessage(model);
}

/** The App Home tab of the product owner: sprint, backlog top, own stories, an action item. */
export const home = () =>
  homeView({
    viewerId: "U0PO",
    role: "product_owner",
    quickActions: ["new_story", "backlog", "standup", "triage"],
    backlogTop: stories.slice(0, 5).map((s, i) => ({ story: s, position: i + 1 })),
    backlogTotal: 30,
    ownStories: stories.slice(0, 2).map((s, i) => ({ story: s, position: i + 1 })),
    ownTotal: 2,
    triage: null,
    goals: [{ title: "Finance teams adopt scrumbot", metrics: ["10 teams export monthly"] }],
    ready: Object.fromEntries(stories.map((s) => [s.id, s.status === "ready"])),
    actionItems: [
      {
        id: 1,
        retroId: 1,
        text: "Pair on the Okta setup",
        ownerId: "U0PO",
        dueOn: "2026-12-09",
        state: "open",
        createdBy: "U0NYC",
        createdAt: AT,
        doneAt: null,
      },
    ],
    sprint: {
      name: "Sprint 4",
      goal: "Ship the CSV export",
      items: stories.slice(0, 3).map((s, i) => ({
        story: s,
        status: i === 0 ? "done" : "todo",
        addedAt: AT,
        doneAt: i === 0 ? AT : null,
        outcome: null,
        notDoneReason: null,
        demoLink: null,
      })),
    },
  });

/** `/story Export to CSV`: the capture modal. */
export const storyCapture = () => storyModal({ title: "Export to CSV", channelId: "C0TEAM" });

/** `/standup setup`: channel and people pickers, days, time. */
export const standupSetup = () =>
  standupSetupModal({ settings: { ...standup, participants: ["U0TOKYO", "U0NYC"] }, standupId: 7 });

/** A retro action item: users_select and datepicker. */
export const retroAction = () =>
  retroActionModal({
    metadata: { retroId: 1, channelId: "C0TEAM", messageTs: null },
    defaultDue: "2026-12-09",
  });

const plain = (text: string) => ({ type: "plain_text", text, emoji: true });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const opt = (text: string, value: string) => ({ text: plain(text), value });

/** Every element the renderer supports, in one message, and one block Slack would refuse. */
export const kitchenSink = () => ({
  text: "Kitchen sink",
  blocks: [
    { type: "header", text: plain(":tada: Everything the renderer draws") },
    {
      type: "section",
      block_id: "sink_text",
      text: mrkdwn(
        "*bold* _italic_ ~strike~ `code` <https://example.com|a link> <@U0TOKYO> <#C0TEAM> <!here>\n" +
          "> a quote\n• a bullet\n1. a number\n```a\n  preformatted block```\n" +
          ":white_check_mark: :warning: :calendar: :one: :party_parrot: &lt;b&gt; &amp;",
      ),
      accessory: {
        type: "overflow",
        action_id: "sink_overflow",
        options: [opt("Edit", "edit"), opt("Delete", "delete")],
        confirm: {
          title: plain("Delete this?"),
          text: mrkdwn("This can't be undone."),
          confirm: plain("Delete"),
          deny: plain("Keep"),
          style: "danger",
        },
      },
    },
    {
      type: "section",
      fields: [mrkdwn("*Sprint*\nSprint 4"), mrkdwn("*Ends*\nFri 11 Dec"), mrkdwn("*Done*\n8 of 20 pts")],
    },
    {
      type: "rich_text",
      elements: [
        {
          type: "rich_text_section",
          elements: [
            { type: "text", text: "Rich text: " },
            { type: "text", text: "bold", style: { bold: true } },
            { type: "text", text: " " },
            { type: "user", user_id: "U0NYC" },
            { type: "text", text: " " },
            { type: "emoji", name: "rocket" },
          ],
        },
        {
          type: "rich_text_list",
          style: "bullet",
          elements: [
            { type: "rich_text_section", elements: [{ type: "text", text: "first" }] },
            {
              type: "rich_text_section",
              elements: [{ type: "link", url: "https://example.com", text: "second" }],
            },
          ],
        },
        { type: "rich_text_quote", elements: [{ type: "text", text: "quoted" }] },
        { type: "rich_text_preformatted", elements: [{ type: "text", text: "npm run playground" }] },
      ],
    },
    { type: "divider" },
    {
      type: "actions",
      block_id: "sink_actions",
      elements: [
        { type: "button", action_id: "sink_primary", text: plain("Approve"), style: "primary", value: "yes" },
        {
          type: "button",
          action_id: "sink_danger",
          text: plain("Delete"),
          style: "danger",
          value: "story-7",
          confirm: {
            title: plain("Delete story #7?"),
            text: mrkdwn("*Archive* it instead if you may need it again."),
            confirm: plain("Delete"),
            deny: plain("Cancel"),
            style: "danger",
          },
        },
        { type: "button", action_id: "sink_url", text: plain("Docs"), url: "https://example.com/docs" },
        {
          type: "static_select",
          action_id: "sink_static",
          placeholder: plain("Priority"),
          option_groups: [
            { label: plain("Urgent"), options: [opt("Critical", "critical"), opt("High", "high")] },
            { label: plain("Later"), options: [opt("Low", "low")] },
          ],
        },
        { type: "datepicker", action_id: "sink_date", initial_date: "2026-12-02" },
        { type: "timepicker", action_id: "sink_time", initial_time: "09:00" },
        { type: "channels_select", action_id: "sink_channel", placeholder: plain("Pick a channel") },
        { type: "conversations_select", action_id: "sink_conversation" },
      ],
    },
    {
      type: "context",
      elements: [
        { type: "image", image_url: "https://example.com/avatar.png", alt_text: "Kenji" },
        mrkdwn("Posted by <@U0TOKYO> · <!date^1796202000^{date_short_pretty} at {time}|2 Dec 09:00 UTC>"),
      ],
    },
    { type: "image", image_url: BURNDOWN_URL, alt_text: "Burndown of Sprint 4" },
    { type: "sparkle", text: plain("unknown block type") },
    { type: "section" },
  ],
});

/** A modal with every input element, required and optional, for the form tests. */
export const formModal = () => ({
  type: "modal",
  callback_id: "sink_modal",
  title: plain("Every input"),
  submit: plain("Save"),
  close: plain("Cancel"),
  blocks: [
    {
      type: "input",
      block_id: "title",
      label: plain("Title"),
      hint: plain("At least 3 characters"),
      element: { type: "plain_text_input", action_id: "v", min_length: 3, max_length: 150 },
    },
    {
      type: "input",
      block_id: "notes",
      optional: true,
      label: plain("Notes"),
      element: { type: "plain_text_input", action_id: "v", multiline: true, initial_value: "first line" },
    },
    {
      type: "input",
      block_id: "points",
      label: plain("Points"),
      element: {
        type: "number_input",
        action_id: "v",
        is_decimal_allowed: false,
        min_value: "0",
        max_value: "100",
      },
    },
    {
      type: "input",
      block_id: "labels",
      optional: true,
      label: plain("Labels"),
      element: {
        type: "multi_static_select",
        action_id: "v",
        options: [opt("reports", "reports"), opt("finance", "finance"), opt("ux", "ux")],
        initial_options: [opt("ux", "ux")],
      },
    },
    {
      type: "input",
      block_id: "owner",
      label: plain("Owner"),
      element: { type: "users_select", action_id: "v", initial_user: "U0NYC" },
    },
    {
      type: "input",
      block_id: "watchers",
      optional: true,
      label: plain("Watchers"),
      element: { type: "multi_users_select", action_id: "v" },
    },
    {
      type: "input",
      block_id: "channel",
      label: plain("Channel"),
      element: { type: "conversations_select", action_id: "v", initial_conversation: "C0TEAM" },
    },
    {
      type: "input",
      block_id: "due",
      label: plain("Due"),
      element: { type: "datepicker", action_id: "v", initial_date: "2026-12-09" },
    },
    {
      type: "input",
      block_id: "at",
      label: plain("At"),
      element: { type: "timepicker", action_id: "v", initial_time: "09:00" },
    },
    {
      type: "input",
      block_id: "days",
      label: plain("Days"),
      element: {
        type: "checkboxes",
        action_id: "v",
        options: [opt("Mon", "1"), opt("Tue", "2"), opt("Wed", "3")],
        initial_options: [opt("Mon", "1")],
      },
    },
    {
      type: "input",
      block_id: "mode",
      label: plain("Time zone"),
      dispatch_action: true,
      element: {
        type: "radio_buttons",
        action_id: "v",
        options: [
          {
            text: mrkdwn("*Each person's own*"),
            value: "member",
            description: mrkdwn("09:00 wherever they are"),
          },
          { text: mrkdwn("*One zone*"), value: "fixed" },
        ],
        initial_option: {
          text: mrkdwn("*Each person's own*"),
          value: "member",
          description: mrkdwn("09:00 wherever they are"),
        },
      },
    },
  ],
});
