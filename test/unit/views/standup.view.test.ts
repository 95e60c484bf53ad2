import { describe, expect, it } from "vitest";
import {
  type AnswerItem,
  type Blocker,
  buildReportModel,
  defaultSettings,
  type Standup,
  type StandupAnswer,
} from "../../../src/domain/standup/index.js";
import { readAnswerMetadata } from "../../../src/slack/parsers/standup-form.js";
import {
  standupAnswerMessage,
  standupParentMessage,
  standupStatsMessage,
} from "../../../src/views/standup.view.js";
import { standupAnswerModal, standupSetupModal } from "../../../src/views/standup-modals.view.js";
import { validateMessageBlocks, validateView } from "../../support/block-kit-limits.js";

const base: Standup = {
  ...defaultSettings({}),
  id: 7,
  teamId: "T1",
  ownerId: "U0",
  channelId: "C0TEAM",
  promptTime: "09:00",
  createdAt: new Date("2026-11-01T00:00:00Z"),
  updatedAt: new Date("2026-11-01T00:00:00Z"),
};

function team(n: number, name = (i: number) => `Person ${i} <!channel> & co`) {
  const participants = Array.from({ length: n }, (_, i) => `U${String(i).padStart(4, "0")}`);
  return {
    standup: { ...base, participants },
    people: participants.map((userId, i) => ({
      userId,
      name: name(i),
      zone: i % 2 ? "Europe/Berlin" : "America/New_York",
      away: i % 10 === 3,
    })),
  };
}

const items = (text: string, blocker = false): AnswerItem[] => [
  { question: "What did you do since the last standup?", answer: text, blocker: false },
  { question: "What will you do today?", answer: text, blocker: false },
  { question: "Anything blocking you?", answer: blocker ? text : "none", blocker },
];

function answers(userIds: string[], text: string): StandupAnswer[] {
  return userIds.map((userId, i) => ({
    id: i + 1,
    teamId: "T1",
    standupId: 7,
    day: "2026-11-30",
    userId,
    items: items(text, i % 4 === 0),
    submittedAt: new Date("2026-11-30T10:00:00Z"),
    updatedAt: new Date("2026-11-30T10:00:00Z"),
    revision: i % 3 === 0 ? 2 : 1,
    late: i % 5 === 0,
  }));
}

const blockersFor = (as: StandupAnswer[], text: string): Blocker[] =>
  as
    .filter((a) => a.items.some((i) => i.blocker))
    .map((a) => ({
      id: a.id,
      teamId: "T1",
      standupId: 7,
      userId: a.userId,
      day: "2026-11-30",
      text,
      createdAt: a.submittedAt,
      resolvedAt: null,
      resolvedBy: null,
      staleNotifiedAt: null,
    }));

function parentFor(n: number, text: string, closed = false) {
  const { standup, people } = team(n);
  const as = answers(
    standup.participants.filter((_, i) => i % 2 === 0),
    text,
  );
  const model = buildReportModel({
    standup,
    day: "2026-11-30",
    participants: people,
    answers: as,
    blockers: blockersFor(as, text),
    now: new Date("2026-11-30T16:00:00Z"),
    closed,
    closesAt: new Date("2026-11-30T18:00:00Z"),
  });
  return { model, message: standupParentMessage(model) };
}

describe("standup report parent", () => {
  it("puts blockers first, then who answered, is late, away; escapes names", () => {
    const { message } = parentFor(6, "Waiting for keys");
    const text = JSON.stringify(message.blocks);
    expect(text.indexOf("Blockers")).toBeLessThan(text.indexOf("Answered"));
    expect(text).toContain("Away (0)".replace("0", "1"));
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("&lt;!channel&gt;");
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
  });

  it.each([1, 10, 100, 1000])(
    "stays within Block Kit limits with %i participants and 3,000-character answers",
    (n) => {
      for (const closed of [false, true]) {
        const { message } = parentFor(n, "x".repeat(3000), closed);
        expect(validateMessageBlocks(message.blocks)).toEqual([]);
        expect(message.blocks.length).toBeLessThanOrEqual(50);
        expect(message.text.length).toBeLessThan(400);
      }
    },
  );

  it("summarises what doesn't fit instead of dropping it silently", () => {
    const { message } = parentFor(1000, "Blocked on the build server");
    expect(JSON.stringify(message.blocks)).toMatch(/… and \d+ more/);
  });

  it("lists non-responders at close by name, without a mention", () => {
    const { message } = parentFor(4, "ok", true);
    const text = JSON.stringify(message.blocks);
    expect(text).toMatch(/No answer \(\d+\)/);
    expect(text).not.toMatch(/<@U/);
    expect(text).toContain("Closed");
  });

  it("inline style carries the answers inside the parent", () => {
    const { standup, people } = team(10);
    const model = buildReportModel({
      standup: { ...standup, reportStyle: "inline" },
      day: "2026-11-30",
      participants: people,
      answers: answers(standup.participants, "é".repeat(2999)),
      blockers: [],
      now: new Date("2026-11-30T16:00:00Z"),
      closed: false,
      closesAt: new Date("2026-11-30T18:00:00Z"),
    });
    const message = standupParentMessage(model);
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain("éé");
  });
});

describe("answer message and modals", () => {
  it("shows a resolve button for an open blocker and a resolved note after", () => {
    const [answer] = answers(["U1"], "y".repeat(3000));
    const blocker = blockersFor([answer!], "Blocked")[0]!;
    const open = standupAnswerMessage({
      standup: base,
      day: "2026-11-30",
      name: "Ana",
      answer: answer!,
      blocker,
    });
    expect(JSON.stringify(open.blocks)).toContain("standup_resolve_blocker");
    expect(validateMessageBlocks(open.blocks)).toEqual([]);
    const done = standupAnswerMessage({
      standup: base,
      day: "2026-11-30",
      name: "Ana",
      answer: answer!,
      blocker: { ...blocker, resolvedAt: new Date("2026-12-01T10:00:00Z") },
    });
    expect(JSON.stringify(done.blocks)).not.toContain("standup_resolve_blocker");
    expect(JSON.stringify(done.blocks)).toContain("resolved");
  });

  it("setup and answer modals are valid views, prefilled when editing", () => {
    const questions = Array.from({ length: 6 }, (_, i) => ({
      text: `Q${i} ${"?".repeat(140)}`,
      required: i < 2,
    }));
    const standup = { ...base, questions, participants: ["U1", "U2"] };
    expect(validateView(standupSetupModal({ settings: standup, standupId: 7 }))).toEqual([]);
    const [existing] = answers(["U1"], "z".repeat(3000));
    const modal = standupAnswerModal({ standup, day: "2026-11-30", existing: existing!, early: false });
    expect(validateView(modal)).toEqual([]);
    expect(JSON.stringify(modal)).toContain("Editing your answer");
  });

  it("the answer modal carries its validation rules in a tiny private_metadata; old forms parse without them", () => {
    const questions = Array.from({ length: 6 }, (_, i) => ({ text: `Q${i}`, required: i % 2 === 0 }));
    const standup = { ...base, questions, participants: ["U1"] };
    const modal = standupAnswerModal({ standup, day: "2026-11-30", existing: null, early: false });
    expect((modal.private_metadata ?? "").length).toBeLessThanOrEqual(3000);
    expect(readAnswerMetadata(modal.private_metadata)).toEqual({
      standupId: 7,
      day: "2026-11-30",
      rules: { count: 6, required: [0, 2, 4], maxLength: 3000 },
    });
    const old = readAnswerMetadata(JSON.stringify({ standupId: 7, day: "2026-11-30" }));
    expect(old).toEqual({ standupId: 7, day: "2026-11-30" });
    const garbled = readAnswerMetadata(
      JSON.stringify({ standupId: 7, day: "2026-11-30", rules: { count: "x" } }),
    );
    expect(garbled.rules).toBeUndefined();
  });

  it("stats show the team only to the owner, alphabetically (no leaderboard)", () => {
    const msg = standupStatsMessage([
      {
        standup: base,
        days: 3,
        mine: { userId: "U0", expected: 3, answered: 2, rate: 2 / 3, streak: 1 },
        team: [
          { userId: "U2", name: "Zoe", expected: 3, answered: 3, rate: 1, streak: 3 },
          { userId: "U1", name: "Adam", expected: 3, answered: 0, rate: 0, streak: 0 },
        ],
      },
    ]);
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain("2 of 3 (67%)");
    expect(text.indexOf("Adam")).toBeLessThan(text.indexOf("Zoe"));
    expect(validateMessageBlocks(msg.blocks)).toEqual([]);
  });
});
