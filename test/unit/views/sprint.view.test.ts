import { describe, expect, it } from "vitest";
import { checkReadiness } from "../../../src/domain/readiness.js";
import { SPRINT_LIMITS, type Sprint } from "../../../src/domain/sprint.js";
import type { SprintStatusView } from "../../../src/services/sprint.service.js";
import {
  burndownComment,
  sprintClosedMessage,
  sprintCloseMessage,
  sprintFeedbackModal,
  sprintNoteModal,
  sprintPlanMessage,
  sprintProgressPrivately,
  sprintReviewMessage,
  sprintStartedMessage,
  sprintStartModal,
  sprintStatusMessage,
} from "../../../src/views/sprint.view.js";
import { hostileText, liveMarkers } from "../../support/hostile-text.js";
import { AT, expectSafeMessage, expectSafeView, maxStory, shownMarkers, sprintItem } from "./fixtures.js";

const sprint: Sprint = {
  id: 7,
  teamId: "T1",
  name: hostileText(SPRINT_LIMITS.name),
  goal: hostileText(SPRINT_LIMITS.goal),
  startsOn: "2026-11-23",
  endsOn: "2026-12-04",
  definitionOfDone: hostileText(SPRINT_LIMITS.dod),
  state: "active",
  channelId: "C1",
  timeZone: "Europe/Berlin",
  reviewTime: "15:00",
  completedPoints: null,
  goalMet: null,
  goalConfirmedBy: null,
  createdBy: "U1",
  createdAt: AT,
  closedAt: null,
};

const stories = Array.from({ length: 200 }, (_, i) => maxStory(i + 1));
const items = stories.map((s, i) => sprintItem(s, { status: i % 3 === 0 ? "done" : "todo" }));
const history = Array.from({ length: 3 }, () => ({
  name: hostileText(SPRINT_LIMITS.name),
  completedPoints: 21,
}));
const status: SprintStatusView = {
  sprint,
  items,
  progress: {
    donePoints: 300,
    remainingPoints: 700,
    totalPoints: 1000,
    doneItems: 67,
    totalItems: 200,
    unestimatedItems: 3,
    daysLeft: 1,
    totalDays: 10,
  },
  burndown: [],
  today: "2026-12-04",
};

describe("sprint views at maximal input with hostile text", () => {
  it("the start modal, prefilled with a long hostile name", () => {
    expectSafeView(
      sprintStartModal({
        channelId: "C1",
        timeZone: "America/Argentina/ComodRivadavia",
        defaults: {
          startsOn: "2026-11-28",
          endsOn: "2026-12-11",
          definitionOfDone: hostileText(SPRINT_LIMITS.dod),
          reviewTime: "15:00",
        },
        name: hostileText(500),
      }),
    );
  });

  it("started, plan, status, close and closed messages", () => {
    const started = sprintStartedMessage(sprint, 40);
    expectSafeMessage(started);
    expect(shownMarkers(started.text)).toBeGreaterThan(0); // the name is in the fallback, escaped
    const plan = sprintPlanMessage({
      sprint,
      items,
      committedPoints: 1000,
      velocity: 21,
      history,
      candidates: stories.map((story, i) => ({
        story: i % 2 ? story : { ...story, estimate: null },
        readiness: checkReadiness(i % 2 ? story : { ...story, estimate: null }),
      })),
    });
    expectSafeMessage(plan);
    expect(JSON.stringify(plan.blocks)).toMatch(/…and \d+ more/);
    expectSafeMessage(sprintStatusMessage(status));
    // The private /sprint answer keeps its Share in channel button even at 50 blocks.
    const mine = sprintProgressPrivately(status);
    expectSafeMessage(mine);
    expect(JSON.stringify(mine.blocks.at(-1))).toContain("sprint_share");
    expectSafeMessage(sprintCloseMessage(status));
    expectSafeMessage(
      sprintClosedMessage({ sprint, completedPoints: 300, toBacklog: stories, toNextSprint: stories }),
    );
  });

  it("the burndown file comment is mrkdwn with the name and goal escaped", () => {
    const comment = burndownComment(status);
    expect(liveMarkers(comment)).toEqual([]);
    expect(shownMarkers(comment)).toBeGreaterThan(0);
    expect(comment).toContain("1 day left");
  });

  it("the review: demo links only become links when they are http(s) URLs", () => {
    const done = [
      sprintItem(stories[0]!, { status: "done", demoLink: "https://demo.example/x?a=1&b=2" }),
      sprintItem(stories[1]!, { status: "done", demoLink: "!channel" }),
      sprintItem(stories[2]!, { status: "done", demoLink: "@UHOSTILE1" }),
      sprintItem(stories[3]!, { status: "done", demoLink: "!subteam^SHOSTILE1" }),
      sprintItem(stories[4]!, { status: "done", demoLink: "javascript:alert(1)" }),
      ...items.slice(5, 100),
    ];
    const review = sprintReviewMessage({
      sprint: { ...sprint, goalMet: true, goalConfirmedBy: "U0PO" },
      stakeholderChannels: [],
      done,
      notDone: items.slice(100),
      donePoints: 300,
      history,
      velocity: 21,
    });
    expectSafeMessage(review);
    const json = JSON.stringify(review.blocks);
    expect(json).toContain("<https://demo.example/x?a=1&amp;b=2|demo>");
    expect(json).not.toMatch(/<!channel\|demo>|<@UHOSTILE1\|demo>|<javascript:/);
    expect(json).toContain("<@U0PO>"); // the app's own mention of who confirmed stays live
  });

  it("the feedback and note modals", () => {
    expectSafeView(sprintFeedbackModal({ sprintId: 7, channelId: "C1" }, hostileText(SPRINT_LIMITS.name)));
    expectSafeView(sprintNoteModal(sprintItem(stories[0]!)));
  });
});
