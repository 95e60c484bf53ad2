import { describe, expect, it } from "vitest";
import {
  aggregateChanges,
  changeCount,
  type DigestEvent,
  type StoryNow,
} from "../../../../src/domain/digest/index.js";

const story = (id: number, position: number | null, status = "new"): StoryNow => ({
  id,
  number: id,
  title: `Story ${id}`,
  position,
  status,
});
const storyMap = (...stories: StoryNow[]) => new Map(stories.map((s) => [s.id, s]));

let nextId = 100;
const ev = (storyId: number | null, kind: string, data: Record<string, unknown> = {}): DigestEvent => ({
  id: nextId++,
  storyId,
  kind,
  data,
});
const numbers = (list: { story: { number: number } }[]) => list.map((c) => c.story.number);

describe("aggregateChanges", () => {
  it("reports nothing for an empty window and keeps the watermark", () => {
    const c = aggregateChanges([], new Map(), 41);
    expect(changeCount(c)).toBe(0);
    expect(c.lastEventId).toBe(41);
  });

  it("lists new stories by their current position, and only as new (not also moved/estimated)", () => {
    const events = [
      ev(3, "created", { number: 3, title: "C", estimate: null }),
      ev(2, "created", { number: 2, title: "B", estimate: 5 }),
      ev(3, "moved", { fromPosition: 9, toPosition: 1 }),
      ev(3, "estimated", { from: null, to: 8 }),
    ];
    const c = aggregateChanges(events, storyMap(story(2, 4), story(3, 1)));
    expect(numbers(c.added)).toEqual([3, 2]);
    expect(c.movedUp).toEqual([]);
    expect(c.estimates).toEqual([]);
    expect(c.lastEventId).toBe(events.at(-1)?.id);
  });

  it("nets moves: 7→3 then 3→5 is up 2; 4→1 then 1→4 is no move; 2→6 is down 4", () => {
    const events = [
      ev(1, "moved", { fromPosition: 7, toPosition: 3 }),
      ev(2, "moved", { fromPosition: 4, toPosition: 1 }),
      ev(1, "moved", { fromPosition: 3, toPosition: 5 }),
      ev(2, "moved", { fromPosition: 1, toPosition: 4 }),
      ev(3, "moved", { fromPosition: 2, toPosition: 6 }),
    ];
    const c = aggregateChanges(events, storyMap(story(1, 5), story(2, 4), story(3, 6)));
    expect(c.movedUp.map((m) => [m.story.number, m.from, m.to, m.by])).toEqual([[1, 7, 5, 2]]);
    expect(c.movedDown.map((m) => [m.story.number, m.from, m.to, m.by])).toEqual([[3, 2, 6, 4]]);
  });

  it("orders moves by distance, ties by story number", () => {
    const events = [
      ev(5, "moved", { fromPosition: 10, toPosition: 8 }),
      ev(4, "moved", { fromPosition: 9, toPosition: 7 }),
      ev(6, "moved", { fromPosition: 20, toPosition: 1 }),
    ];
    const c = aggregateChanges(events, storyMap(story(4, 7), story(5, 8), story(6, 1)));
    expect(numbers(c.movedUp)).toEqual([6, 4, 5]);
  });

  it("completed wins over moves; started and reopened are reported by their net status", () => {
    const events = [
      ev(1, "status", { from: "ready", to: "in_progress" }),
      ev(1, "moved", { fromPosition: 3, toPosition: 1 }),
      ev(1, "status", { from: "in_progress", to: "done" }),
      ev(2, "status", { from: "ready", to: "in_progress" }),
      ev(3, "status", { from: "done", to: "in_progress" }),
      ev(4, "status", { from: "new", to: "in_progress" }),
      ev(4, "status", { from: "in_progress", to: "new" }),
    ];
    const c = aggregateChanges(
      events,
      storyMap(story(1, 1, "done"), story(2, 2, "in_progress"), story(3, 3, "in_progress"), story(4, 4)),
    );
    expect(numbers(c.completed)).toEqual([1]);
    expect(numbers(c.started)).toEqual([2]);
    expect(numbers(c.reopened)).toEqual([3]);
    expect(c.movedUp).toEqual([]);
    expect(changeCount(c)).toBe(3);
  });

  it("archived → dropped; archived then restored → nothing; restored → restored", () => {
    const events = [ev(1, "archived"), ev(2, "archived"), ev(2, "restored"), ev(3, "restored")];
    const c = aggregateChanges(events, storyMap(story(1, null), story(2, 2), story(3, 3)));
    expect(numbers(c.dropped)).toEqual([1]);
    expect(numbers(c.restored)).toEqual([3]);
    expect(changeCount(c)).toBe(2);
  });

  it("a story created and archived in the same window is never mentioned, even if its row is gone", () => {
    const events = [ev(9, "created", { number: 9, title: "Oops" }), ev(9, "archived")];
    expect(changeCount(aggregateChanges(events, new Map()))).toBe(0);
  });

  it("a story created and finished in the window is reported as completed", () => {
    const events = [
      ev(9, "created", { number: 9, title: "Quick" }),
      ev(9, "status", { from: "new", to: "done" }),
    ];
    const c = aggregateChanges(events, storyMap(story(9, 4, "done")));
    expect(numbers(c.completed)).toEqual([9]);
    expect(c.added).toEqual([]);
  });

  it("nets estimates and priorities from first `from` to last `to`", () => {
    const events = [
      ev(1, "estimated", { from: 3, to: 5 }),
      ev(1, "estimated", { from: 5, to: 8 }),
      ev(2, "estimated", { from: null, to: 3 }),
      ev(3, "estimated", { from: 5, to: 8 }),
      ev(3, "estimated", { from: 8, to: 5 }),
      ev(1, "priority", { from: "low", to: "high" }),
      ev(2, "priority", { from: "high", to: "medium" }),
      ev(2, "priority", { from: "medium", to: "high" }),
    ];
    const c = aggregateChanges(events, storyMap(story(1, 1), story(2, 2), story(3, 3)));
    expect(c.estimates.map((e) => [e.story.number, e.from, e.to])).toEqual([
      [1, 3, 8],
      [2, null, 3],
    ]);
    expect(c.priorities.map((e) => [e.story.number, e.from, e.to])).toEqual([[1, "low", "high"]]);
  });

  it("lists request decisions once each, in request order, with the story they became", () => {
    const events = [
      ev(null, "request_declined", { requestId: 7, reason: "Out of scope", reasonShared: true }),
      ev(5, "created", { number: 5, title: "From a request", requestId: 3 }),
      ev(5, "request_accepted", { requestId: 3, storyNumber: 5 }),
      ev(1, "request_merged", { requestId: 4, storyNumber: 1 }),
      ev(null, "request_declined", { requestId: 2, reason: "Duplicate", reasonShared: true }),
      // Not shared (or declined before sharing was a choice): the requester read it, stakeholders don't.
      ev(null, "request_declined", { requestId: 9, reason: "Personal" }),
    ];
    const c = aggregateChanges(events, storyMap(story(1, 1), story(5, 2)));
    expect(c.declined.map((d) => [d.requestId, d.reason])).toEqual([
      [2, "Duplicate"],
      [7, "Out of scope"],
      [9, null],
    ]);
    expect(c.accepted.map((d) => [d.requestId, d.story?.number])).toEqual([[3, 5]]);
    expect(c.merged.map((d) => [d.requestId, d.storyNumber])).toEqual([[4, 1]]);
    expect(numbers(c.added)).toEqual([5]);
  });

  it("ignores edits, splits and malformed data; is independent of input order", () => {
    const events = [
      ev(1, "edited", { fields: ["title"] }),
      ev(1, "split", { into: [8] }),
      ev(1, "moved", { fromPosition: "x", toPosition: 2 }),
      ev(2, "moved", { fromPosition: 5, toPosition: 2 }),
    ];
    const stories = storyMap(story(1, 1), story(2, 2));
    const forward = aggregateChanges(events, stories);
    const backward = aggregateChanges([...events].reverse(), stories);
    expect(forward).toEqual(backward);
    expect(changeCount(forward)).toBe(1);
  });
});
