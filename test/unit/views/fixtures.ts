/**
 * Models at their maximal size for view tests, filled with hostile text (see test/support/hostile-text.ts),
 * and the two checks every view must pass: Slack's limits and nothing live.
 */
import { expect } from "vitest";
import { REQUEST_LIMITS, type StakeholderRequest } from "../../../src/domain/request.js";
import type { SprintItem } from "../../../src/domain/sprint.js";
import { STORY_LIMITS, type Story } from "../../../src/domain/story.js";
import { LIMITS, validateMessageBlocks, validateView } from "../../support/block-kit-limits.js";
import { hostileText, liveMarkers } from "../../support/hostile-text.js";

export const AT = new Date("2026-11-28T10:00:00Z");

/** A story with every text field at its maximum, hostile. */
export const maxStory = (n: number, over: Partial<Story> = {}): Story => ({
  id: n,
  teamId: "T1",
  number: n,
  title: hostileText(STORY_LIMITS.title),
  persona: hostileText(STORY_LIMITS.persona),
  want: hostileText(STORY_LIMITS.want),
  benefit: hostileText(STORY_LIMITS.benefit),
  acceptanceCriteria: Array.from({ length: STORY_LIMITS.criteria }, () =>
    hostileText(STORY_LIMITS.criterion),
  ),
  estimate: 5,
  priority: "high",
  status: "new",
  rank: n * 1024,
  labels: Array.from({ length: STORY_LIMITS.labels }, () => hostileText(STORY_LIMITS.label)),
  createdBy: "U1",
  sourcePermalink: null,
  createdAt: AT,
  updatedAt: AT,
  archivedAt: null,
  ...over,
});

export const sprintItem = (story: Story, over: Partial<SprintItem> = {}): SprintItem => ({
  story,
  status: "todo",
  addedAt: AT,
  doneAt: null,
  outcome: null,
  notDoneReason: hostileText(300),
  demoLink: hostileText(300),
  ...over,
});

/** A stakeholder request with every text at its maximum, hostile. */
export const hostileRequest = (id: number, over: Partial<StakeholderRequest> = {}): StakeholderRequest => ({
  id,
  teamId: "T1",
  what: hostileText(REQUEST_LIMITS.what),
  why: hostileText(REQUEST_LIMITS.why),
  whoAsks: hostileText(REQUEST_LIMITS.whoAsks),
  urgency: "urgent",
  requesterId: "U0STAKE",
  channelId: "C1",
  status: "open",
  decisionReason: null,
  storyId: null,
  decidedBy: null,
  decidedAt: null,
  createdAt: AT,
  ...over,
});

/** A message Slack accepts (blocks and `text` within limits) in which no typed text is live. */
export function expectSafeMessage(message: { text: string; blocks: unknown[] }) {
  expect(validateMessageBlocks(message.blocks)).toEqual([]);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(LIMITS.messageText);
  expect(liveMarkers(message)).toEqual([]);
}

/** A modal or Home tab Slack accepts, in which no typed text is live. */
export function expectSafeView(view: unknown) {
  expect(validateView(view)).toEqual([]);
  expect(liveMarkers(view)).toEqual([]);
}

/** How many escaped markers the payload shows (> 0 proves the hostile text reached it). */
export function shownMarkers(payload: unknown): number {
  const shown = { n: 0 };
  liveMarkers(payload, "$", shown);
  return shown.n;
}
