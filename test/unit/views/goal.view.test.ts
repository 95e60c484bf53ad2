import { describe, expect, it } from "vitest";
import { FEATURE_LIMITS, FEATURE_STAGES, type Feature } from "../../../src/domain/feature.js";
import { GOAL_LIMITS, type Goal } from "../../../src/domain/goal.js";
import { mrkdwnSafe } from "../../../src/views/format.js";
import {
  featureCreatedMessage,
  featuresMessage,
  goalModal,
  goalSavedMessage,
  goalsMessage,
} from "../../../src/views/goal.view.js";
import { hostileText } from "../../support/hostile-text.js";
import { AT, expectSafeMessage, expectSafeView, shownMarkers } from "./fixtures.js";

const goal = (n: number): Goal => ({
  id: n,
  teamId: "T1",
  number: n,
  statement: hostileText(GOAL_LIMITS.statement),
  metrics: Array.from({ length: GOAL_LIMITS.metrics }, () => ({
    name: hostileText(GOAL_LIMITS.metric),
    target: hostileText(GOAL_LIMITS.target),
  })),
  status: n % 2 ? "active" : "achieved",
  createdBy: "U1",
  createdAt: AT,
  updatedAt: AT,
});
const feature = (n: number): Feature => ({
  id: n,
  teamId: "T1",
  number: n,
  title: hostileText(FEATURE_LIMITS.title),
  goalId: n,
  stage: FEATURE_STAGES[n % FEATURE_STAGES.length]!,
  createdBy: "U1",
  createdAt: AT,
  updatedAt: AT,
});

describe("goal views at maximal input with hostile text", () => {
  it("the goal modal, new (prefilled statement) and editing a goal with every metric", () => {
    expectSafeView(goalModal({ statement: hostileText(5000), channelId: "C1" }));
    expectSafeView(goalModal({ goal: goal(1), channelId: null }));
  });

  it("100 goals, with and without manage buttons, and the saved confirmation", () => {
    const list = Array.from({ length: 100 }, (_, i) => ({ goal: goal(i + 1), stories: 10_000 }));
    for (const canManage of [true, false]) {
      const message = goalsMessage(list, canManage);
      expectSafeMessage(message);
      expect(shownMarkers(message.blocks)).toBeGreaterThan(0);
    }
    expectSafeMessage(goalsMessage([], true));
    expectSafeMessage(goalSavedMessage(goal(3), true));
  });

  it("200 features with stage history, and the created confirmation", () => {
    const list = Array.from({ length: 200 }, (_, i) => ({
      feature: feature(i + 1),
      goal: goal(i + 1),
      stories: 3,
      history: [{ from: "idea" as const, to: "definition" as const, by: "U0PO", at: AT }],
    }));
    for (const canManage of [true, false]) {
      const message = featuresMessage(list, canManage, mrkdwnSafe(hostileText(300), 300));
      expectSafeMessage(message);
      expect(shownMarkers(message.blocks)).toBeGreaterThan(0);
    }
    expectSafeMessage(featureCreatedMessage(feature(1)));
  });
});
