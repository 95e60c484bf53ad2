/**
 * The product owner's backlog (issue 5): ordering (moves with the order kept consistent under
 * concurrent edits), editing, archive/restore, split, readiness and "mark ready", the team's
 * priority method and suggested order. Every change appends its backlog event in the same
 * transaction (the digest's "what changed" reads them).
 */
import { type MoveRequest, rankBetween, rankWindow, targetPosition } from "../domain/ordering.js";
import {
  explainScore,
  type PriorityInputByMethod,
  type PriorityMethod,
  suggestOrder,
  validatePriorityInput,
} from "../domain/priority/index.js";
import {
  checkReadiness,
  READINESS_CHECK_LABELS,
  READINESS_CHECKS,
  type Readiness,
  type ReadinessCheckId,
  type ReadinessSettings,
} from "../domain/readiness.js";
import type { Story, StoryDraft } from "../domain/story.js";
import type { Clock } from "../lib/clock.js";
import { AppError, ConflictError, NotFoundError, ValidationError } from "../lib/errors.js";
import type { AccessControl } from "./access.ports.js";
import type { BacklogRepository, BacklogSettings, BacklogUnitOfWork } from "./backlog.ports.js";
import { placeStoryAt } from "./backlog-placement.js";

/** "mark ready" refused: the message lists every missing point. */
export class NotReadyError extends AppError {
  constructor(
    readonly story: Story,
    readonly readiness: Readiness,
  ) {
    super(
      "conflict",
      `#${story.number} isn't ready yet. Missing:\n${readiness.missing.map((p) => `• ${p.label}: ${p.missing}`).join("\n")}`,
    );
  }
}

export interface MoveResult {
  story: Story;
  fromPosition: number;
  toPosition: number;
  total: number;
  /** False when the story was already there (nothing written). */
  moved: boolean;
  /** True when the move had to renumber the team's ranks first. */
  rebalanced: boolean;
}

export interface SplitPart {
  title: string;
  acceptanceCriteria: string[];
}

export interface SuggestedRow {
  story: Story;
  position: number;
  score: number | null;
  explanation: string | null;
}

/** At most this many stories are scored for a suggestion (the top of the backlog is what matters). */
export const SUGGEST_MAX = 200;

export interface BacklogService {
  move(input: {
    teamId: string;
    userId: string;
    storyNumber: number;
    move: MoveRequest;
  }): Promise<MoveResult>;
  /** A story with its position (active) and the backlog size. */
  locate(
    teamId: string,
    storyNumber: number,
  ): Promise<{ story: Story; position: number | null; total: number }>;
  /** The story for the edit modal, after checking the person may edit it. */
  storyForEdit(input: { teamId: string; userId: string; storyNumber: number }): Promise<Story>;
  edit(input: {
    teamId: string;
    userId: string;
    storyNumber: number;
    draft: StoryDraft;
    goalId?: number | null;
    featureId?: number | null;
  }): Promise<{ story: Story; changed: string[] }>;
  archive(input: { teamId: string; userId: string; storyNumber: number }): Promise<Story>;
  restore(input: {
    teamId: string;
    userId: string;
    storyNumber: number;
  }): Promise<{ story: Story; position: number }>;
  archived(input: {
    teamId: string;
    offset?: number;
    limit?: number;
  }): Promise<{ items: Story[]; total: number; offset: number; limit: number }>;
  split(input: {
    teamId: string;
    userId: string;
    storyNumber: number;
    first: SplitPart;
    second: SplitPart;
  }): Promise<{ original: Story; created: Story; position: number }>;
  readiness(
    teamId: string,
    storyNumber: number,
  ): Promise<{ story: Story; readiness: Readiness; settings: ReadinessSettings }>;
  /** Sets status "ready", or throws `NotReadyError` listing what is missing. */
  markReady(input: { teamId: string; userId: string; storyNumber: number }): Promise<Story>;
  settings(teamId: string): Promise<BacklogSettings>;
  updateSettings(input: {
    teamId: string;
    userId: string;
    change: Partial<BacklogSettings>;
  }): Promise<BacklogSettings>;
  /**
   * Switches one Definition of Ready check on (`enabled`) or off, for product owners and admins
   * (the `/backlog size` permission; anyone else gets a `ForbiddenError` naming who can). Refuses
   * (`ConflictError`) turning off the last check that is on. No backlog event: settings changes
   * aren't story changes (as `updateSettings`). `changed` is false when it already was that way.
   */
  setDorCheck(input: {
    teamId: string;
    userId: string;
    check: ReadinessCheckId;
    enabled: boolean;
  }): Promise<{ settings: BacklogSettings; changed: boolean }>;
  setPriorityInput<M extends PriorityMethod>(input: {
    teamId: string;
    userId: string;
    storyNumber: number;
    method: M;
    value: PriorityInputByMethod[M];
  }): Promise<{ story: Story; score: string }>;
  /** The team's method's suggested order for the top of the backlog (manual order unchanged). */
  suggest(
    teamId: string,
    limit?: number,
  ): Promise<{ method: PriorityMethod | null; rows: SuggestedRow[]; scored: number }>;
}

export function createBacklogService(deps: {
  uow: BacklogUnitOfWork;
  access: AccessControl;
  clock: Clock;
}): BacklogService {
  const { uow, access, clock } = deps;

  const mustFind = async (
    repo: BacklogRepository,
    teamId: string,
    n: number,
    opts: { archived?: boolean } = {},
  ) => {
    const story = await repo.findByNumber(teamId, n);
    if (!story) throw new NotFoundError(`story #${n}`);
    if (opts.archived === false && story.archivedAt)
      throw new ConflictError(`#${n} is archived. Restore it first (\`/backlog archived\`).`);
    if (opts.archived === true && !story.archivedAt) throw new ConflictError(`#${n} isn't archived.`);
    return story;
  };

  /** Own stories need `story.create`; anyone else's need `backlog.edit_any`. */
  const requireEdit = (teamId: string, userId: string, story: Story) =>
    access.require(teamId, userId, story.createdBy === userId ? "story.create" : "backlog.edit_any");

  const readinessSettings = (s: BacklogSettings): ReadinessSettings => ({
    sizeLimit: s.sizeLimit,
    disabled: s.dorDisabled,
  });

  return {
    async move({ teamId, userId, storyNumber, move }) {
      await access.require(teamId, userId, "backlog.reorder");
      const at = clock.now();
      return uow.run(async ({ backlog }) => {
        await backlog.lockTeam(teamId);
        const story = await mustFind(backlog, teamId, storyNumber, { archived: false });
        const total = await backlog.countActive(teamId);
        const from = (await backlog.positionOf(teamId, story.id)) ?? total;
        const to = targetPosition(from, total, move);
        if (to === from)
          return { story, fromPosition: from, toPosition: to, total, moved: false, rebalanced: false };
        const { rank, rebalanced } = await placeStoryAt(backlog, teamId, story.id, to);
        await backlog.appendEvent({
          teamId,
          storyId: story.id,
          kind: "moved",
          data: { fromPosition: from, toPosition: to },
          actor: userId,
          at,
        });
        return {
          story: { ...story, rank },
          fromPosition: from,
          toPosition: to,
          total,
          moved: true,
          rebalanced,
        };
      });
    },

    async locate(teamId, storyNumber) {
      const repo = uow.read.backlog;
      const story = await mustFind(repo, teamId, storyNumber);
      const [position, total] = await Promise.all([
        repo.positionOf(teamId, story.id),
        repo.countActive(teamId),
      ]);
      return { story, position, total };
    },

    async storyForEdit({ teamId, userId, storyNumber }) {
      const story = await mustFind(uow.read.backlog, teamId, storyNumber);
      await requireEdit(teamId, userId, story);
      return story;
    },

    async edit({ teamId, userId, storyNumber, draft, goalId, featureId }) {
      const at = clock.now();
      const before = await mustFind(uow.read.backlog, teamId, storyNumber);
      await requireEdit(teamId, userId, before);
      return uow.run(async ({ backlog, goals }) => {
        const story = await mustFind(backlog, teamId, storyNumber);
        if (goalId != null && !(await goals.goalById(teamId, goalId))) throw new NotFoundError("that goal");
        if (featureId != null && !(await goals.featureById(teamId, featureId)))
          throw new NotFoundError("that feature");
        const changed = changedFields(story, draft);
        if (goalId !== undefined && (story.goalId ?? null) !== goalId) changed.push("goal");
        if (featureId !== undefined && (story.featureId ?? null) !== featureId) changed.push("feature");
        if (changed.length === 0) return { story, changed };
        const updated = await backlog.update(
          teamId,
          story.id,
          {
            draft,
            ...(goalId !== undefined ? { goalId } : {}),
            ...(featureId !== undefined ? { featureId } : {}),
          },
          at,
        );
        const event = (kind: "edited" | "estimated" | "priority", data: Record<string, unknown>) =>
          backlog.appendEvent({ teamId, storyId: story.id, kind, data, actor: userId, at });
        await event("edited", { fields: changed });
        if (changed.includes("estimate"))
          await event("estimated", { from: story.estimate, to: draft.estimate });
        if (changed.includes("priority"))
          await event("priority", { from: story.priority, to: draft.priority });
        return { story: updated, changed };
      });
    },

    async archive({ teamId, userId, storyNumber }) {
      await access.require(teamId, userId, "backlog.archive");
      const at = clock.now();
      return uow.run(async ({ backlog }) => {
        await backlog.lockTeam(teamId);
        const story = await mustFind(backlog, teamId, storyNumber, { archived: false });
        const updated = await backlog.update(teamId, story.id, { archivedAt: at }, at);
        await backlog.appendEvent({
          teamId,
          storyId: story.id,
          kind: "archived",
          data: {},
          actor: userId,
          at,
        });
        return updated;
      });
    },

    async restore({ teamId, userId, storyNumber }) {
      await access.require(teamId, userId, "backlog.archive");
      const at = clock.now();
      return uow.run(async ({ backlog }) => {
        await backlog.lockTeam(teamId);
        const story = await mustFind(backlog, teamId, storyNumber, { archived: true });
        // It keeps its rank, so it comes back where it was relative to the stories around it.
        const updated = await backlog.update(teamId, story.id, { archivedAt: null }, at);
        await backlog.appendEvent({
          teamId,
          storyId: story.id,
          kind: "restored",
          data: {},
          actor: userId,
          at,
        });
        return { story: updated, position: (await backlog.positionOf(teamId, story.id)) ?? 0 };
      });
    },

    async archived({ teamId, offset = 0, limit = 20 }) {
      const o = Math.max(0, Math.floor(offset));
      const l = Math.min(Math.max(1, Math.floor(limit)), 50);
      const page = await uow.read.backlog.listArchived(teamId, o, l);
      return { ...page, offset: o, limit: l };
    },

    async split({ teamId, userId, storyNumber, first, second }) {
      const at = clock.now();
      const before = await mustFind(uow.read.backlog, teamId, storyNumber, { archived: false });
      await requireEdit(teamId, userId, before);
      const errors: Record<string, string> = {};
      if (!first.title.trim()) errors.first = "Give the first part a title.";
      if (!second.title.trim()) errors.second = "Give the second part a title.";
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return uow.run(async ({ backlog }) => {
        await backlog.lockTeam(teamId);
        const story = await mustFind(backlog, teamId, storyNumber, { archived: false });
        // Both halves are smaller than the whole: the old estimate no longer applies.
        const base: StoryDraft = {
          title: story.title,
          persona: story.persona,
          want: story.want,
          benefit: story.benefit,
          acceptanceCriteria: story.acceptanceCriteria,
          estimate: null,
          priority: story.priority,
          labels: story.labels,
          sourcePermalink: story.sourcePermalink,
        };
        const original = await backlog.update(
          teamId,
          story.id,
          {
            draft: { ...base, title: first.title, acceptanceCriteria: first.acceptanceCriteria },
            status: "new",
          },
          at,
        );
        // The second part goes right below the first.
        const position = ((await backlog.positionOf(teamId, story.id)) ?? 0) + 1;
        const place = async () => {
          const { lower, upper } = await backlog.neighboursAt(teamId, -1, position);
          const [lo, hi] = rankWindow(lower, upper);
          return rankBetween(lower, upper, await backlog.ranksBetween(teamId, lo, hi));
        };
        let rank = await place();
        if (rank === null) {
          await backlog.rebalance(teamId);
          rank = await place();
        }
        if (rank === null) throw new Error(`no free rank after rebalancing team ${teamId}`);
        const created = await backlog.insert({
          teamId,
          draft: { ...base, title: second.title, acceptanceCriteria: second.acceptanceCriteria },
          createdBy: userId,
          at,
          rank,
          goalId: story.goalId ?? null,
          featureId: story.featureId ?? null,
        });
        await backlog.appendEvent({
          teamId,
          storyId: story.id,
          kind: "split",
          data: { into: [original.number, created.number] },
          actor: userId,
          at,
        });
        await backlog.appendEvent({
          teamId,
          storyId: created.id,
          kind: "created",
          data: { number: created.number, title: created.title, estimate: null, splitFrom: story.number },
          actor: userId,
          at,
        });
        return { original, created, position };
      });
    },

    async readiness(teamId, storyNumber) {
      const [story, s] = await Promise.all([
        mustFind(uow.read.backlog, teamId, storyNumber),
        uow.read.backlog.settings(teamId),
      ]);
      const settings = readinessSettings(s);
      return { story, readiness: checkReadiness(story, settings), settings };
    },

    async markReady({ teamId, userId, storyNumber }) {
      const at = clock.now();
      const before = await mustFind(uow.read.backlog, teamId, storyNumber, { archived: false });
      await requireEdit(teamId, userId, before);
      return uow.run(async ({ backlog }) => {
        const story = await mustFind(backlog, teamId, storyNumber, { archived: false });
        const readiness = checkReadiness(story, readinessSettings(await backlog.settings(teamId)));
        if (!readiness.ready) throw new NotReadyError(story, readiness);
        if (story.status === "ready") return story;
        if (story.status !== "new")
          throw new ConflictError(`#${story.number} is already ${story.status.replace("_", " ")}.`);
        const updated = await backlog.update(teamId, story.id, { status: "ready" }, at);
        await backlog.appendEvent({
          teamId,
          storyId: story.id,
          kind: "status",
          data: { from: story.status, to: "ready" },
          actor: userId,
          at,
        });
        return updated;
      });
    },

    settings(teamId) {
      return uow.read.backlog.settings(teamId);
    },

    async updateSettings({ teamId, userId, change }) {
      await access.require(teamId, userId, "backlog.reorder");
      if (
        change.sizeLimit !== undefined &&
        !(Number.isInteger(change.sizeLimit) && change.sizeLimit >= 1 && change.sizeLimit <= 100)
      )
        throw new ValidationError({
          sizeLimit: "The size limit must be a whole number of points from 1 to 100.",
        });
      const at = clock.now();
      return uow.run(async ({ backlog }) => {
        const next = { ...(await backlog.settings(teamId)), ...change };
        await backlog.saveSettings(teamId, next, userId, at);
        return next;
      });
    },

    async setDorCheck({ teamId, userId, check, enabled }) {
      await access.require(teamId, userId, "backlog.dor");
      if (!(READINESS_CHECKS as readonly string[]).includes(check))
        throw new ValidationError({
          check: `There is no Definition of Ready check “${String(check).slice(0, 50)}”. Checks: ${READINESS_CHECKS.join(", ")}.`,
        });
      const at = clock.now();
      return uow.run(async ({ backlog }) => {
        const current = await backlog.settings(teamId);
        const off = new Set<ReadinessCheckId>(current.dorDisabled);
        if (off.has(check) !== enabled) return { settings: current, changed: false };
        if (enabled) off.delete(check);
        else off.add(check);
        // Kept in checklist order so the stored list doesn't depend on the order of clicks.
        const dorDisabled = READINESS_CHECKS.filter((id) => off.has(id));
        if (dorDisabled.length === READINESS_CHECKS.length)
          throw new ConflictError(
            `“${READINESS_CHECK_LABELS[check]}” is the only Definition of Ready check still on, and at least one must stay on: turn another check on first.`,
          );
        const next = { ...current, dorDisabled };
        await backlog.saveSettings(teamId, next, userId, at);
        return { settings: next, changed: true };
      });
    },

    async setPriorityInput({ teamId, userId, storyNumber, method, value }) {
      await access.require(teamId, userId, "backlog.reorder");
      const valid = validatePriorityInput(method, value);
      const at = clock.now();
      return uow.run(async ({ backlog }) => {
        const story = await mustFind(backlog, teamId, storyNumber, { archived: false });
        const before = (await backlog.priorityInputs(teamId, method, [story.id])).get(story.id) ?? null;
        await backlog.setPriorityInput({ teamId, storyId: story.id, method, value: valid, by: userId, at });
        await backlog.appendEvent({
          teamId,
          storyId: story.id,
          kind: "priority",
          data: { method, from: before, to: valid },
          actor: userId,
          at,
        });
        return { story, score: explainScore(method, valid) };
      });
    },

    async suggest(teamId, limit = SUGGEST_MAX) {
      const repo = uow.read.backlog;
      const settings = await repo.settings(teamId);
      const method = settings.priorityMethod;
      if (!method) return { method: null, rows: [], scored: 0 };
      const stories = await repo.listActive(teamId, Math.min(Math.max(1, limit), SUGGEST_MAX));
      const inputs = await repo.priorityInputs(
        teamId,
        method,
        stories.map((s) => s.id),
      );
      const candidates = stories.map((story, i) => ({
        id: story.number,
        story,
        position: i + 1,
        input: validOrNull(method, inputs.get(story.id)),
      }));
      const suggested = suggestOrder(candidates, method);
      return {
        method,
        scored: candidates.filter((c) => c.input !== null).length,
        rows: suggested.map((s) => ({
          story: s.item.story,
          position: s.item.position,
          score: s.score,
          explanation: s.item.input ? explainScore(method, s.item.input) : null,
        })),
      };
    },
  };
}

/** Stored inputs are re-validated: a row written under older rules must not break the listing. */
function validOrNull<M extends PriorityMethod>(method: M, raw: unknown): PriorityInputByMethod[M] | null {
  if (raw == null) return null;
  try {
    return validatePriorityInput(method, raw as PriorityInputByMethod[M]);
  } catch {
    return null;
  }
}

/** Names of the fields an edit changes, in form order. */
export function changedFields(story: Story, draft: StoryDraft): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const fields: [string, unknown, unknown][] = [
    ["title", story.title, draft.title],
    ["persona", story.persona, draft.persona],
    ["want", story.want, draft.want],
    ["benefit", story.benefit, draft.benefit],
    ["acceptanceCriteria", story.acceptanceCriteria, draft.acceptanceCriteria],
    ["priority", story.priority, draft.priority],
    ["estimate", story.estimate, draft.estimate],
    ["labels", story.labels, draft.labels],
  ];
  return fields.filter(([, a, b]) => !same(a, b)).map(([name]) => name);
}
