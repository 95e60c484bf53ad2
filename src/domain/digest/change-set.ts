/**
 * "What changed since the last digest": the NET effect of a window of backlog events, per story.
 * Pure. The caller reads the events (in id order) after the channel's last digest watermark and
 * the current state of the stories they touch; this module decides what a stakeholder is told.
 *
 * Net effect, per story (events in order):
 * - created in the window → "new" (and nothing else about it, except that it may already be done);
 *   created and archived in the window → not mentioned at all (nobody ever saw it).
 * - moved: first `fromPosition` vs last `toPosition`. Example: 7 → 3 then 3 → 5 is "up 2" (7 → 5);
 *   7 → 3 then 3 → 7 is no move. Archived, completed and new stories are not also listed as moved.
 * - status: first `from` vs last `to`; ending in "done" (from anything else) → completed; a story
 *   that went done → in progress is "reopened"; new/ready → in progress is "started".
 * - archived (and not restored afterwards) → dropped; archived then restored → nothing.
 * - estimated / priority: first `from` vs last `to`; equal → nothing.
 * - requests: each accepted / declined / merged request is listed once.
 * Every list has a stable order (documented on `ChangeSet`), so two builds of the same window
 * render the same message.
 */

/** One row of the backlog history, as the digest reads it. `data` is the event's JSON. */
export interface DigestEvent {
  id: number;
  storyId: number | null;
  kind: string;
  data: Readonly<Record<string, unknown>>;
}

/** What the digest needs to know about a story now. `position: null` = archived or missing. */
export interface StoryNow {
  id: number;
  number: number;
  title: string;
  position: number | null;
  status: string;
}

export interface StoryChange {
  story: StoryNow;
}
export interface MoveChange extends StoryChange {
  from: number;
  to: number;
  /** How many places: always ≥ 1. */
  by: number;
}
export interface ValueChange<T> extends StoryChange {
  from: T;
  to: T;
}
export interface RequestDecision {
  requestId: number;
  /** The story it became (accepted) or joined (merged); null when declined or unknown. */
  story: StoryNow | null;
  storyNumber: number | null;
  reason: string | null;
}

/**
 * The net changes of one window. Orders: `added` by current position (archived last) then number;
 * moves by how far (largest first) then number; everything else by story number; requests by id.
 */
export interface ChangeSet {
  added: StoryChange[];
  movedUp: MoveChange[];
  movedDown: MoveChange[];
  completed: StoryChange[];
  started: StoryChange[];
  reopened: StoryChange[];
  dropped: StoryChange[];
  restored: StoryChange[];
  estimates: ValueChange<number | null>[];
  priorities: ValueChange<string>[];
  accepted: RequestDecision[];
  declined: RequestDecision[];
  merged: RequestDecision[];
  /** Highest event id read (the next window starts after it); the input watermark when empty. */
  lastEventId: number;
}

/** Number of reported changes in a set (0 = "nothing changed"). */
export function changeCount(c: ChangeSet): number {
  return (
    c.added.length +
    c.movedUp.length +
    c.movedDown.length +
    c.completed.length +
    c.started.length +
    c.reopened.length +
    c.dropped.length +
    c.restored.length +
    c.estimates.length +
    c.priorities.length +
    c.accepted.length +
    c.declined.length +
    c.merged.length
  );
}

interface Net {
  created: boolean;
  firstMoveFrom: number | null;
  lastMoveTo: number | null;
  statusFrom: string | null;
  statusTo: string | null;
  /** Archive state before the window (inferred from the first archive/restore event) and after. */
  archivedBefore: boolean | null;
  archivedAfter: boolean | null;
  estimate: { from: number | null; to: number | null } | null;
  priority: { from: string; to: string } | null;
  /** Fallbacks from the `created` event when the story row is gone. */
  number: number | null;
  title: string | null;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/**
 * Aggregates `events` (any order; they are sorted by id) into their net effect.
 * `stories` maps story id → its current state; stories missing from it are described from their
 * `created` event when possible, else left out. `afterEventId` is the window's start watermark.
 */
export function aggregateChanges(
  events: readonly DigestEvent[],
  stories: ReadonlyMap<number, StoryNow>,
  afterEventId = 0,
): ChangeSet {
  const sorted = [...events].sort((a, b) => a.id - b.id);
  const perStory = new Map<number, Net>();
  const accepted = new Map<number, RequestDecision>();
  const declined = new Map<number, RequestDecision>();
  const merged = new Map<number, RequestDecision>();
  let lastEventId = afterEventId;

  const netOf = (storyId: number): Net => {
    let net = perStory.get(storyId);
    if (!net) {
      net = {
        created: false,
        firstMoveFrom: null,
        lastMoveTo: null,
        statusFrom: null,
        statusTo: null,
        archivedBefore: null,
        archivedAfter: null,
        estimate: null,
        priority: null,
        number: null,
        title: null,
      };
      perStory.set(storyId, net);
    }
    return net;
  };

  for (const e of sorted) {
    lastEventId = Math.max(lastEventId, e.id);
    const d = e.data;
    if (e.kind === "request_accepted" || e.kind === "request_declined" || e.kind === "request_merged") {
      const requestId = num(d.requestId);
      if (requestId === null) continue;
      const storyNumber = num(d.storyNumber);
      const decision: RequestDecision = {
        requestId,
        story: e.storyId === null ? null : (stories.get(e.storyId) ?? null),
        storyNumber,
        // A decline's reason is for the requester; stakeholders see it only when the PO shared it.
        reason: d.reasonShared === true ? str(d.reason) : null,
      };
      const target =
        e.kind === "request_accepted" ? accepted : e.kind === "request_declined" ? declined : merged;
      target.set(requestId, decision);
      continue;
    }
    if (e.storyId === null) continue;
    const net = netOf(e.storyId);
    switch (e.kind) {
      case "created":
        net.created = true;
        net.number = num(d.number);
        net.title = str(d.title);
        break;
      case "moved": {
        const from = num(d.fromPosition);
        const to = num(d.toPosition);
        if (from === null || to === null) break;
        if (net.firstMoveFrom === null) net.firstMoveFrom = from;
        net.lastMoveTo = to;
        break;
      }
      case "status": {
        const from = str(d.from);
        const to = str(d.to);
        if (to === null) break;
        if (net.statusFrom === null) net.statusFrom = from ?? to;
        net.statusTo = to;
        break;
      }
      case "archived":
        if (net.archivedBefore === null) net.archivedBefore = false;
        net.archivedAfter = true;
        break;
      case "restored":
        if (net.archivedBefore === null) net.archivedBefore = true;
        net.archivedAfter = false;
        break;
      case "estimated": {
        const from = d.from === null ? null : num(d.from);
        const to = d.to === null ? null : num(d.to);
        net.estimate = { from: net.estimate ? net.estimate.from : from, to };
        break;
      }
      case "priority": {
        const from = str(d.from);
        const to = str(d.to);
        if (from === null || to === null) break;
        net.priority = { from: net.priority ? net.priority.from : from, to };
        break;
      }
      default:
        // "edited", "split" and unknown kinds: wording changes are not news for stakeholders.
        break;
    }
  }

  const out: ChangeSet = {
    added: [],
    movedUp: [],
    movedDown: [],
    completed: [],
    started: [],
    reopened: [],
    dropped: [],
    restored: [],
    estimates: [],
    priorities: [],
    accepted: [],
    declined: [],
    merged: [],
    lastEventId,
  };

  for (const [storyId, net] of perStory) {
    const known = stories.get(storyId);
    const story: StoryNow | null =
      known ??
      (net.number !== null
        ? { id: storyId, number: net.number, title: net.title ?? "", position: null, status: "new" }
        : null);
    if (!story) continue;
    const archivedNow = net.archivedAfter ?? story.position === null;
    const becameDone = net.statusTo === "done" && net.statusFrom !== "done";

    if (net.created) {
      if (archivedNow && !becameDone) continue; // created and dropped within the window: never news
      if (becameDone) out.completed.push({ story });
      else out.added.push({ story });
      continue;
    }
    if (net.archivedAfter === true && net.archivedBefore === false) {
      if (becameDone) out.completed.push({ story });
      else out.dropped.push({ story });
      continue;
    }
    if (net.archivedAfter === false && net.archivedBefore === true) out.restored.push({ story });

    if (becameDone) {
      out.completed.push({ story });
      continue; // where a finished story sits in the order no longer matters to stakeholders
    }
    if (net.statusFrom === "done" && net.statusTo !== null && net.statusTo !== "done")
      out.reopened.push({ story });
    else if (net.statusTo === "in_progress" && net.statusFrom !== "in_progress") out.started.push({ story });

    if (net.firstMoveFrom !== null && net.lastMoveTo !== null && net.firstMoveFrom !== net.lastMoveTo) {
      const from = net.firstMoveFrom;
      const to = net.lastMoveTo;
      const move = { story, from, to, by: Math.abs(from - to) };
      if (to < from) out.movedUp.push(move);
      else out.movedDown.push(move);
    }
    if (net.estimate && net.estimate.from !== net.estimate.to) {
      out.estimates.push({ story, from: net.estimate.from, to: net.estimate.to });
    }
    if (net.priority && net.priority.from !== net.priority.to) {
      out.priorities.push({ story, from: net.priority.from, to: net.priority.to });
    }
  }

  const byNumber = (a: StoryChange, b: StoryChange) => a.story.number - b.story.number;
  const byDistance = (a: MoveChange, b: MoveChange) => b.by - a.by || a.story.number - b.story.number;
  const byPosition = (a: StoryChange, b: StoryChange) =>
    (a.story.position ?? Number.MAX_SAFE_INTEGER) - (b.story.position ?? Number.MAX_SAFE_INTEGER) ||
    a.story.number - b.story.number;
  out.added.sort(byPosition);
  out.movedUp.sort(byDistance);
  out.movedDown.sort(byDistance);
  for (const list of [out.completed, out.started, out.reopened, out.dropped, out.restored])
    list.sort(byNumber);
  out.estimates.sort(byNumber);
  out.priorities.sort(byNumber);
  const byRequest = (a: RequestDecision, b: RequestDecision) => a.requestId - b.requestId;
  out.accepted = [...accepted.values()].sort(byRequest);
  out.declined = [...declined.values()].sort(byRequest);
  out.merged = [...merged.values()].sort(byRequest);
  return out;
}
