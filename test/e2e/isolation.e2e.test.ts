/**
 * Workspace isolation (issue 15, item 7): workspace A never sees, changes or hears about workspace
 * B's data. B (T0001) holds a full set of data (the upgrade fixture of today's schema: stories,
 * goals and features, a request, a standup with answers and a blocker, an active sprint, poker, a
 * retro with cards and an action, a digest, schedules…). A (T0002) runs every command, button,
 * modal, the Home tab, the CLI, and forged payloads carrying B's ids (story numbers A doesn't
 * have, sprint/retro/poker/standup/request/blocker ids, private_metadata), also as a person whose
 * user id is in both workspaces (Enterprise Grid), typing in a channel both share. Afterwards:
 * - B's rows are byte-for-byte what they were (a dump of every table's B rows before and after);
 * - nothing Slack received (Web API calls, response_url posts, acks) carries B's text;
 * - A's own work still works (its story shows, so "refused" isn't just "everything broken").
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations/index.js";
import { runCli } from "../../src/cli/index.js";
import { createUnitOfWork } from "../../src/db/unit-of-work.js";
import { createStoryService } from "../../src/services/story.service.js";
import {
  ActionIds,
  BacklogIds,
  DorIds,
  HomeIds,
  PokerIds,
  RefineIds,
  RetroIds,
  SprintIds,
  StandupIds,
  ViewIds,
} from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import type { ModalStateValues } from "../support/modal.js";
import { grantRole } from "../support/roles.js";
import type { SlackRequester } from "../support/slack-requests.js";

const B = "T0001"; // the fixture's team: the data A must never reach
const A = "T0002";
const A_ADMIN = "U0AADMIN";
const A_DEV = "U0ADEV";
/** B's product owner, also a member of A (Enterprise Grid: one user id, two workspaces). */
const BOTH = "U0PO";
const A_CHANNEL = "C0ATEAM";
const B_CHANNEL = "C0TEAM";
const A_STORY = "Our own onboarding checklist";

const fixture = fileURLToPath(
  new URL(`../fixtures/schema/${Object.keys(migrations).at(-1)}.db`, import.meta.url),
);

let t: TestApp;
let dir: string;
let a: SlackRequester;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "scrumbot-isolation-"));
  const path = join(dir, "scrumbot.db");
  copyFileSync(fixture, path);
  t = await startTestApp({
    databasePath: path,
    now: "2026-12-01T10:00:00Z",
    scheduling: { jobs: { timers: false } },
  });
  a = t.slackAs(A);
  for (const [id, name] of [
    [A_ADMIN, "ada"],
    [A_DEV, "dev-a"],
    [BOTH, "petra"],
  ] as const) {
    t.fake.addUser({ id, name, tz: "Europe/Berlin" });
  }
  t.fake.addChannel({ id: A_CHANNEL, name: "a-team", botIsMember: true });
  t.fake.addChannel({ id: B_CHANNEL, name: "team", botIsMember: true });
  await grantRole(t.db.db, A_ADMIN, "admin", A_ADMIN, A);
  await grantRole(t.db.db, BOTH, "product_owner", A_ADMIN, A);
  const stories = createStoryService({ uow: createUnitOfWork(t.db.db), clock: t.clock });
  const draft = {
    title: A_STORY,
    persona: "new team",
    want: "a checklist",
    benefit: "we start fast",
    acceptanceCriteria: ["a list"],
    estimate: null,
    priority: "medium" as const,
    labels: [],
  };
  await stories.createStory({ teamId: A, userId: A_ADMIN, draft });
});
afterAll(async () => {
  await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row of every table that belongs to `team`, as JSON per table. */
function rowsOf(team: string): Record<string, string[]> {
  const tables = t.db.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const cols = t.db.sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[];
    if (!cols.some((c) => c.name === "team_id")) continue;
    out[name] = (
      t.db.sqlite.prepare(`SELECT * FROM "${name}" WHERE team_id = ? ORDER BY rowid`).all(team) as unknown[]
    ).map((r) => JSON.stringify(r));
  }
  return out;
}

/** B's own words: anything A is shown that contains one of them came from B. */
function secretsOfB(): string[] {
  const q = (sqlText: string) =>
    (t.db.sqlite.prepare(sqlText).all(B) as { s: string | null }[]).map((r) => r.s ?? "");
  return [
    ...q("SELECT title AS s FROM stories WHERE team_id = ?"),
    ...q("SELECT statement AS s FROM goals WHERE team_id = ?"),
    ...q("SELECT title AS s FROM features WHERE team_id = ?"),
    ...q("SELECT what AS s FROM requests WHERE team_id = ?"),
    ...q("SELECT text AS s FROM standup_blockers WHERE team_id = ?"),
    ...q("SELECT text AS s FROM retro_cards WHERE team_id = ?"),
    ...q("SELECT text AS s FROM retro_actions WHERE team_id = ?"),
    ...q("SELECT goal AS s FROM sprints WHERE team_id = ?"),
    ...q("SELECT text AS s FROM review_feedback WHERE team_id = ?"),
    ...q("SELECT note AS s FROM person_away WHERE team_id = ?"),
    ...q("SELECT name AS s FROM team_holidays WHERE team_id = ?"),
  ].filter((s) => s.length >= 8);
}

/** Everything Slack got from the app since `from`: Web API calls, response_url posts, HTTP answers. */
function seenSince(from: { calls: number; responses: number }, answers: string[]): string {
  return [
    ...t.fake.calls.slice(from.calls).map((c) => JSON.stringify(c.args)),
    ...t.fake.responses.slice(from.responses).map((r) => JSON.stringify(r.body)),
    ...answers,
  ].join("\n");
}

const ts = () => `${Math.floor(t.clock.now().getTime() / 1000)}.000100`;

/** A view as the app would have opened it, with forged private_metadata and state. */
function forgedView(callbackId: string, metadata: unknown, values: ModalStateValues = {}) {
  return {
    id: `VFORGED${callbackId.length}`,
    callback_id: callbackId,
    private_metadata: typeof metadata === "string" ? metadata : JSON.stringify(metadata),
    state: { values },
    blocks: [],
  };
}
const text = (value: string) => ({ type: "plain_text_input", value });
const choice = (value: string) => ({
  type: "static_select",
  selected_option: { value, text: { type: "plain_text" as const, text: value } },
});

describe("workspace isolation", () => {
  it("A's commands, buttons, modals, Home, digest and CLI neither show nor change B's data", async () => {
    // B's own due work (a pending prompt, schedules) is done first: what B does itself is no leak.
    await t.bot.jobs.tick(t.clock.now());
    await t.bot.settle();
    const before = rowsOf(B);
    const secrets = secretsOfB();
    expect(secrets.length).toBeGreaterThan(8);
    const from = { calls: t.fake.calls.length, responses: t.fake.responses.length };
    const answers: string[] = [];
    const send = async (what: string, request: () => Promise<{ status: number; body: string }>) => {
      const res = await request();
      expect(res.status, what).toBe(200);
      answers.push(res.body);
      await t.bot.settle();
    };

    // Every command, with and without B's ids, as A's admin and as the person in both workspaces.
    const commands: [string, string][] = [
      ["/story", ""],
      ["/story Sneaky", ""],
      ["/backlog", ""],
      ["/backlog", "4"],
      ["/backlog", "invite"],
      ["/backlog", "triage"],
      ["/backlog", "archived"],
      ["/backlog", "ready"],
      ["/backlog", "size"],
      ["/backlog", "dor"],
      ["/backlog", "method"],
      ["/backlog", "score 4"],
      ["/backlog", "suggest"],
      ["/goal", ""],
      ["/goal", "G1"],
      ["/goal", "F1"],
      ["/request", "Something for us"],
      ["/standup", ""],
      ["/standup", "list"],
      ["/standup", "stats"],
      ["/standup", "edit 1"],
      ["/standup", "Daily standup"],
      ["/standup", "away 2026-12-10 2026-12-11"],
      ["/standup", "back"],
      ["/refine", ""],
      ["/refine", "setup"],
      ["/poker", "4"],
      ["/poker", "2"],
      ["/sprint", ""],
      ["/sprint", "plan"],
      ["/sprint", "close"],
      ["/sprint", "start"],
      ["/retro", ""],
      ["/retro", "reveal"],
      ["/retro", "actions"],
      ["/digest", ""],
      ["/digest", "preview"],
      ["/digest", "send"],
      ["/digest", "setup"],
      ["/forecast", ""],
      ["/forecast", "4"],
      ["/scrum", "help"],
      ["/scrum", "status"],
      ["/scrum", "roles"],
    ];
    for (const userId of [A_ADMIN, BOTH]) {
      for (const [command, args] of commands) {
        const [name, inline] = command.split(" ");
        const textArg = [inline, args].filter(Boolean).join(" ");
        await send(`${command} ${args}`, () =>
          a.command(name ?? command, textArg, {
            userId,
            // The person in both workspaces types in B's channel, shared with A (Grid, Slack Connect).
            channelId: userId === BOTH ? B_CHANNEL : A_CHANNEL,
          }),
        );
      }
    }

    // Buttons with B's ids (sessions, sprints, retros, cards, standups, blockers, requests, B-only story numbers).
    const buttons: [string, string][] = [
      [PokerIds.vote, "1"],
      [PokerIds.reveal, "1"],
      [PokerIds.revote, "1"],
      [PokerIds.cancel, "1"],
      [PokerIds.accept, "1:5"],
      [PokerIds.acceptOther, "1"],
      [RetroIds.vote, "1:0123456789abcdef"],
      [RetroIds.addAction, "1"],
      [RetroIds.close, "1"],
      [RetroIds.actionDone, "1"],
      [SprintIds.add, "4"],
      [SprintIds.remove, "4"],
      [`${SprintIds.status}_done`, "4:done"],
      [SprintIds.note, "4"],
      [SprintIds.carry, "1"],
      [SprintIds.close, "1"],
      [SprintIds.goalMet, "1"],
      [SprintIds.goalMissed, "1"],
      [SprintIds.giveFeedback, "1"],
      [SprintIds.share, "1"],
      [HomeIds.sprintStatus, "4:done"],
      [StandupIds.openAnswer, "1"],
      [StandupIds.resolveBlocker, "1"],
      [StandupIds.edit, "1"],
      [StandupIds.delete, "1"],
      [ActionIds.requestAccept, "1"],
      [ActionIds.requestMerge, "1"],
      [ActionIds.requestDecline, "1"],
      [BacklogIds.goalEdit, "1"],
      [BacklogIds.featureNext, JSON.stringify({ f: 1, s: "discovery" })],
      [BacklogIds.featureBack, JSON.stringify({ f: 1, s: "discovery" })],
      [BacklogIds.moveTop, JSON.stringify({ n: 4, o: 0, l: 20, q: "" })],
      [BacklogIds.moveDown, JSON.stringify({ n: 4, o: 0, l: 20, q: "" })],
      [BacklogIds.edit, JSON.stringify({ n: 4, o: 0, l: 20, q: "" })],
      [BacklogIds.restore, "6"],
      [BacklogIds.markReady, "4"],
      [`${ActionIds.backlogPage}_next`, JSON.stringify({ o: 0, l: 20, q: "" })],
      [`${ActionIds.triagePage}_next`, "0"],
      [RefineIds.open, "4"],
      [RefineIds.edit, "4"],
      [RefineIds.markReady, "4"],
      [RefineIds.estimate, "4"],
      [DorIds.toggle, "estimated:off"],
    ];
    for (const userId of [A_ADMIN, BOTH]) {
      for (const [actionId, value] of buttons) {
        await send(`${actionId} ${value}`, () =>
          a.blockAction({
            userId,
            channelId: A_CHANNEL,
            message: { ts: ts(), text: "", blocks: [] },
            actions: [{ action_id: actionId, block_id: "b", value }],
          }),
        );
      }
      await send("backlog overflow", () =>
        a.blockAction({
          userId,
          channelId: A_CHANNEL,
          message: { ts: ts(), text: "", blocks: [] },
          actions: [
            {
              action_id: BacklogIds.more,
              block_id: `${BacklogIds.storyBlock}:4:0:20`,
              type: "overflow",
              selected_option: { value: "archive:4" },
            },
          ],
        }),
      );
    }

    // Modal submissions whose private_metadata names B's things.
    const views: [string, unknown, ModalStateValues][] = [
      [
        PokerIds.voteModal,
        { sessionId: 1, channelId: B_CHANNEL },
        {
          [PokerIds.cardBlock]: {
            value: {
              type: "radio_buttons",
              selected_option: { value: "8", text: { type: "plain_text" as const, text: "8" } },
            },
          },
        },
      ],
      [
        RetroIds.actionModal,
        { retroId: 1, channelId: B_CHANNEL, messageTs: "1764000000.000100" },
        {
          [RetroIds.actionTextBlock]: { value: text("Forged action item") },
          [RetroIds.ownerBlock]: { value: { type: "users_select", selected_user: A_DEV } },
          [RetroIds.dueBlock]: { value: { type: "datepicker", selected_date: "2026-12-20" } },
        },
      ],
      [
        SprintIds.noteModal,
        { storyNumber: 4 },
        { [SprintIds.reasonBlock]: { value: text("Forged reason") } },
      ],
      [
        SprintIds.feedbackModal,
        { sprintId: 1, channelId: B_CHANNEL },
        { [SprintIds.feedbackBlock]: { value: text("Forged feedback") } },
      ],
      [
        StandupIds.answerView,
        { standupId: 1, day: "2026-11-27" },
        { [`${StandupIds.answerBlockPrefix}0`]: { value: text("Forged answer") } },
      ],
      [
        BacklogIds.storyEditModal,
        { storyNumber: 4, channelId: A_CHANNEL },
        { story_title: { value: text("Forged title") } },
      ],
      [BacklogIds.moveToModal, { n: 4, r: null }, { [BacklogIds.positionBlock]: { value: text("1") } }],
      [
        BacklogIds.splitModal,
        { n: 4, r: null },
        {
          [BacklogIds.splitFirstTitle]: { value: text("Forged part one") },
          [BacklogIds.splitSecondTitle]: { value: text("Forged part two") },
        },
      ],
      [
        ViewIds.requestMerge,
        { requestId: 1, responseUrl: null },
        { request_story: { value: text("1") }, request_reason: { value: text("Forged merge") } },
      ],
      [
        ViewIds.requestDecline,
        { requestId: 1, responseUrl: null },
        { request_reason: { value: text("Forged decline") } },
      ],
      [
        BacklogIds.goalModal,
        { goalNumber: 1, channelId: A_CHANNEL },
        {
          [BacklogIds.goalStatement]: { value: text("Forged goal statement") },
          [BacklogIds.goalStatus]: { value: choice("achieved") },
        },
      ],
    ];
    for (const userId of [A_ADMIN, BOTH]) {
      for (const [callbackId, metadata, values] of views) {
        await send(`submit ${callbackId}`, () =>
          a.viewSubmission({ userId, view: forgedView(callbackId, metadata, values), values }),
        );
      }
    }

    // The standup setup form A opens for itself, submitted as an edit of B's standup.
    await send("/standup setup", () =>
      a.command("/standup", "setup", { userId: A_ADMIN, channelId: A_CHANNEL }),
    );
    const setup = t.fake
      .callsTo("views.open")
      .map((c) => c.response.view as { callback_id?: string } & Record<string, unknown>)
      .findLast((v) => v?.callback_id === StandupIds.setupView);
    if (setup) {
      await send("standup setup as edit of B's", () =>
        a.viewSubmission({
          userId: A_ADMIN,
          view: { ...setup, private_metadata: JSON.stringify({ standupId: 1 }) },
          values: (setup.state as { values?: ModalStateValues } | undefined)?.values ?? {},
        }),
      );
    }

    // "Turn into story" on a message, with B's story-shaped text around it: a form for A only.
    await send("message shortcut", () =>
      a.messageShortcut({
        callbackId: "turn_into_story",
        userId: A_ADMIN,
        channelId: A_CHANNEL,
        message: { ts: ts(), text: "Could we export to PDF?", user: A_DEV },
      }),
    );

    // The Home tab of both people, as A.
    for (const userId of [A_ADMIN, BOTH]) {
      await send("app_home_opened", () =>
        a.event({ type: "app_home_opened", user: userId, tab: "home", channel: "D0A" }),
      );
    }
    // The CLI's export of A: A's stories only.
    const exported: string[] = [];
    const code = await runCli(["export", "--team", A, "--format", "json", "--db", t.db.path], {
      stdout: (s) => exported.push(s),
      stderr: () => undefined,
      env: {},
    });
    expect(code).toBe(0);
    answers.push(exported.join(""));
    expect(exported.join("")).toContain(A_STORY);

    // Nothing of B's was changed…
    const after = rowsOf(B);
    const changed = Object.keys(before).flatMap((table) => {
      const was = new Set(before[table]);
      const is = new Set(after[table]);
      return [
        ...(before[table] ?? []).filter((r) => !is.has(r)).map((r) => `${table} was: ${r}`),
        ...(after[table] ?? []).filter((r) => !was.has(r)).map((r) => `${table} now: ${r}`),
      ];
    });
    expect(changed).toEqual([]);
    // …and nothing of B's was shown to A.
    const seen = seenSince(from, answers);
    for (const secret of secrets) {
      expect(
        seen.includes(secret) || seen.includes(JSON.stringify(secret).slice(1, -1)),
        `A was shown "${secret}"`,
      ).toBe(false);
    }
    // A itself works: its backlog shows its own story.
    expect(seen).toContain(A_STORY);
  }, 120_000);
});
