/**
 * Sprints (issue 6): start with a goal, plan ready items against the team's velocity, move
 * items through to do / in progress / done, see progress and the burndown, close with per-item
 * carry-over (top of the backlog or the next sprint) and record velocity; the sprint review at
 * the end (scheduled), with the PO's goal confirmation and stakeholder feedback that becomes
 * triage requests. Every change is one transaction with its backlog events.
 */
import {
  checkReadiness,
  DEFAULT_READINESS,
  type Readiness,
  type ReadinessSettings,
} from "../domain/readiness.js";
import type { WorkCalendar } from "../domain/schedule/calendar.js";
import { formatDayForPeople } from "../domain/schedule/local-date.js";
import { localDateOf } from "../domain/schedule/time-zones.js";
import {
  type BurndownPoint,
  burndown,
  type CarryOver,
  checkFeedback,
  checkSprintNote,
  defaultSprintDates,
  type ItemStatus,
  reviewDateOf,
  type Sprint,
  type SprintDraft,
  type SprintItem,
  type SprintProgress,
  sprintProgress,
  storyStatusFor,
  VELOCITY_WINDOW,
  velocityOf,
} from "../domain/sprint.js";
import type { Story, StoryStatus } from "../domain/story.js";
import type { Clock } from "../lib/clock.js";
import { ConflictError, NotFoundError, said, ValidationError } from "../lib/errors.js";
import type { AccessControl } from "./access.ports.js";
import type { RequestService } from "./request.service.js";
import type { Scheduler } from "./scheduling.ports.js";

/** Scheduler job kind posting the sprint review (refId = sprint id). */
export const SPRINT_REVIEW_JOB = "sprint.review";

export interface SprintRepository {
  insertSprint(input: {
    teamId: string;
    draft: SprintDraft;
    channelId: string | null;
    timeZone: string;
    createdBy: string;
    at: Date;
  }): Promise<Sprint>;
  findActive(teamId: string): Promise<Sprint | null>;
  findById(teamId: string, id: number): Promise<Sprint | null>;
  lastClosed(teamId: string): Promise<Sprint | null>;
  /** Closed sprints, newest first. */
  closedHistory(
    teamId: string,
    limit: number,
  ): Promise<{ id: number; name: string; completedPoints: number }[]>;
  /** Items in backlog order. */
  items(teamId: string, sprintId: number): Promise<SprintItem[]>;
  /** Active stories not done and not in an active sprint, in backlog order. */
  candidates(teamId: string, limit: number): Promise<Story[]>;
  carriedToNext(teamId: string, sprintId: number): Promise<number[]>;
  addItem(teamId: string, sprintId: number, storyId: number, at: Date): Promise<void>;
  removeItem(teamId: string, sprintId: number, storyId: number): Promise<void>;
  setItemStatus(
    teamId: string,
    sprintId: number,
    storyId: number,
    status: ItemStatus,
    doneAt: Date | null,
  ): Promise<boolean>;
  setItemNote(
    teamId: string,
    sprintId: number,
    storyId: number,
    note: { demoLink: string | null; notDoneReason: string | null },
  ): Promise<void>;
  close(
    teamId: string,
    sprintId: number,
    input: { completedPoints: number; at: Date; outcomes: [number, "done" | CarryOver][] },
  ): Promise<boolean>;
  setGoalMet(teamId: string, sprintId: number, met: boolean, by: string): Promise<void>;
  insertFeedback(input: {
    teamId: string;
    sprintId: number;
    requestId: number | null;
    userId: string;
    text: string;
    at: Date;
  }): Promise<void>;
  findStoryByNumber(teamId: string, number: number): Promise<Story | null>;
  /** The team's work week and holidays (Monday–Friday when never saved). */
  workCalendar(teamId: string): Promise<WorkCalendar>;
  /** The stakeholder digest's channels (none when no digest is set up). */
  stakeholderChannels(teamId: string): Promise<string[]>;
  setStoryStatus(
    teamId: string,
    storyId: number,
    status: StoryStatus,
    actor: string,
    at: Date,
  ): Promise<void>;
  /** Moves stories to the top of the backlog in the given order, with `moved` events. */
  moveToTop(teamId: string, storyIds: number[], actor: string, at: Date): Promise<void>;
}

export interface SprintRepositories {
  sprints: SprintRepository;
}
export interface SprintUnitOfWork {
  run<T>(fn: (repos: SprintRepositories) => Promise<T>): Promise<T>;
  readonly read: SprintRepositories;
}

export interface SprintPlan {
  sprint: Sprint;
  items: SprintItem[];
  committedPoints: number;
  /** Average of the last 3 closed sprints; null without history. */
  velocity: number | null;
  history: { name: string; completedPoints: number }[];
  /** Next backlog items not in the sprint, with their readiness (ready ones can be added). */
  candidates: { story: Story; readiness: Readiness }[];
}

export interface SprintStatusView {
  sprint: Sprint;
  items: SprintItem[];
  progress: SprintProgress;
  burndown: BurndownPoint[];
  today: string;
}

export interface SprintReview {
  sprint: Sprint;
  /** Where stakeholders read (the digest's channels), for the plain-words summary. */
  stakeholderChannels: string[];
  done: SprintItem[];
  notDone: SprintItem[];
  donePoints: number;
  history: { name: string; completedPoints: number }[];
  velocity: number | null;
}

export interface SprintService {
  /** Defaults for the start form: two weeks from today (in `timeZone`), the last Definition of Done. */
  formDefaults(input: { teamId: string; timeZone: string }): Promise<{
    startsOn: string;
    endsOn: string;
    definitionOfDone: string;
    reviewTime: string;
  }>;
  start(input: {
    teamId: string;
    userId: string;
    channelId: string | null;
    timeZone: string;
    draft: SprintDraft;
  }): Promise<{ sprint: Sprint; carried: number }>;
  plan(teamId: string): Promise<SprintPlan>;
  addItem(input: { teamId: string; userId: string; storyNumber: number }): Promise<SprintPlan>;
  removeItem(input: { teamId: string; userId: string; storyNumber: number }): Promise<SprintPlan>;
  setStatus(input: {
    teamId: string;
    userId: string;
    storyNumber: number;
    status: ItemStatus;
  }): Promise<SprintStatusView>;
  setNote(input: {
    teamId: string;
    userId: string;
    storyNumber: number;
    demoLink: string | null;
    notDoneReason: string | null;
  }): Promise<void>;
  status(teamId: string): Promise<SprintStatusView>;
  close(input: {
    teamId: string;
    userId: string;
    /** storyId → where it goes; unfinished items missing here go to the top of the backlog. */
    choices: Record<number, CarryOver>;
  }): Promise<{ sprint: Sprint; completedPoints: number; toBacklog: Story[]; toNextSprint: Story[] }>;
  review(teamId: string, sprintId: number): Promise<SprintReview>;
  confirmGoal(input: {
    teamId: string;
    userId: string;
    sprintId: number;
    met: boolean;
  }): Promise<SprintReview>;
  feedback(input: {
    teamId: string;
    userId: string;
    sprintId: number;
    channelId: string | null;
    text: string;
  }): Promise<{ requestId: number | null }>;
}

const pointsOf = (items: SprintItem[]) => items.reduce((s, i) => s + (i.story.estimate ?? 0), 0);

export function createSprintService(deps: {
  uow: SprintUnitOfWork;
  access: AccessControl;
  clock: Clock;
  scheduler?: Scheduler;
  requests?: RequestService;
  /** The team's Definition of Ready settings (the backlog's); the default checklist when absent. */
  readiness?: (teamId: string) => Promise<ReadinessSettings>;
}): SprintService {
  const { uow, access, clock, scheduler, requests } = deps;
  const readinessOf = deps.readiness ?? (async () => DEFAULT_READINESS);

  async function mustActive(repos: SprintRepositories, teamId: string): Promise<Sprint> {
    const sprint = await repos.sprints.findActive(teamId);
    if (!sprint) throw new NotFoundError("a running sprint. Start one with `/sprint start`");
    return sprint;
  }

  async function mustStory(repos: SprintRepositories, teamId: string, number: number): Promise<Story> {
    const story = await repos.sprints.findStoryByNumber(teamId, number);
    if (!story || story.archivedAt) throw new NotFoundError(`story #${number}`);
    return story;
  }

  async function history(repos: SprintRepositories, teamId: string) {
    const h = await repos.sprints.closedHistory(teamId, VELOCITY_WINDOW);
    return { history: h, velocity: velocityOf(h.map((x) => x.completedPoints)) };
  }

  async function planOf(
    repos: SprintRepositories,
    teamId: string,
    settings: ReadinessSettings,
  ): Promise<SprintPlan> {
    const sprint = await mustActive(repos, teamId);
    const items = await repos.sprints.items(teamId, sprint.id);
    const { history: h, velocity } = await history(repos, teamId);
    const candidates = (await repos.sprints.candidates(teamId, 20)).map((story) => ({
      story,
      readiness: checkReadiness(story, settings),
    }));
    return { sprint, items, committedPoints: pointsOf(items), velocity, history: h, candidates };
  }

  async function statusOf(repos: SprintRepositories, teamId: string): Promise<SprintStatusView> {
    const sprint = await mustActive(repos, teamId);
    const items = await repos.sprints.items(teamId, sprint.id);
    const today = localDateOf(clock.now(), sprint.timeZone);
    const calendar = await repos.sprints.workCalendar(teamId);
    return {
      sprint,
      items,
      today,
      progress: sprintProgress(sprint, items, today),
      burndown: burndown(sprint, items, today, (d) => localDateOf(d, sprint.timeZone), calendar),
    };
  }

  async function reviewOf(
    repos: SprintRepositories,
    teamId: string,
    sprintId: number,
  ): Promise<SprintReview> {
    const sprint = await repos.sprints.findById(teamId, sprintId);
    if (!sprint) throw new NotFoundError(`sprint ${sprintId}`);
    const items = await repos.sprints.items(teamId, sprintId);
    const done = items.filter((i) => i.status === "done");
    const h = (await repos.sprints.closedHistory(teamId, VELOCITY_WINDOW + 1)).filter(
      (x) => x.id !== sprintId,
    );
    return {
      sprint,
      stakeholderChannels: await repos.sprints.stakeholderChannels(teamId),
      done,
      notDone: items.filter((i) => i.status !== "done"),
      donePoints: pointsOf(done),
      history: h.slice(0, VELOCITY_WINDOW),
      velocity: velocityOf(h.map((x) => x.completedPoints)),
    };
  }

  /**
   * A one-shot schedule at the review's local time on the last working day (cron bounded by
   * start/end): a sprint ending on a Sunday has its review on the Friday before, never on a day off.
   */
  async function scheduleReview(sprint: Sprint, now: Date): Promise<void> {
    if (!scheduler || !sprint.channelId) return;
    const reviewOn = reviewDateOf(sprint, await uow.read.sprints.workCalendar(sprint.teamId));
    const [y, m, d] = reviewOn.split("-").map(Number);
    const [hh, mm] = sprint.reviewTime.split(":").map(Number);
    await scheduler.upsert({
      teamId: sprint.teamId,
      jobKind: SPRINT_REVIEW_JOB,
      refId: String(sprint.id),
      recurrence: { kind: "cron", expression: `${mm} ${hh} ${d} ${m} *` },
      timeZone: sprint.timeZone,
      startAt: now,
      // Bounded to (well within) the year of the end date, so it fires once.
      endAt: new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 2)),
      label: `Sprint review · ${sprint.name}`,
    });
  }

  return {
    async formDefaults({ teamId, timeZone }) {
      const last = await uow.read.sprints.lastClosed(teamId);
      const calendar = await uow.read.sprints.workCalendar(teamId);
      return {
        ...defaultSprintDates(localDateOf(clock.now(), timeZone), calendar),
        definitionOfDone: last?.definitionOfDone ?? "",
        reviewTime: last?.reviewTime ?? "15:00",
      };
    },

    async start({ teamId, userId, channelId, timeZone, draft }) {
      await access.require(teamId, userId, "sprint.manage");
      const at = clock.now();
      const result = await uow.run(async (repos) => {
        const running = await repos.sprints.findActive(teamId);
        if (running) {
          throw new ConflictError(
            `Sprint “${running.name}” is still running (until ${formatDayForPeople(running.endsOn)}). Close it first with \`/sprint close\`.`,
          );
        }
        const last = await repos.sprints.lastClosed(teamId);
        const sprint = await repos.sprints.insertSprint({
          teamId,
          draft,
          channelId,
          timeZone,
          createdBy: userId,
          at,
        });
        // Items the PO sent to "the next sprint" when closing the previous one join now.
        const carried = last ? await repos.sprints.carriedToNext(teamId, last.id) : [];
        for (const storyId of carried) await repos.sprints.addItem(teamId, sprint.id, storyId, at);
        return { sprint, carried: carried.length };
      });
      await scheduleReview(result.sprint, at);
      return result;
    },

    plan: async (teamId) => planOf(uow.read, teamId, await readinessOf(teamId)),

    async addItem({ teamId, userId, storyNumber }) {
      await access.require(teamId, userId, "sprint.manage");
      const at = clock.now();
      const settings = await readinessOf(teamId); // read before the transaction (one connection)
      return uow.run(async (repos) => {
        const sprint = await mustActive(repos, teamId);
        const story = await mustStory(repos, teamId, storyNumber);
        const readiness = checkReadiness(story, settings);
        if (!readiness.ready) {
          throw new ValidationError({
            story: `#${story.number} isn't ready: ${readiness.missing.map((p) => p.missing ?? p.label).join("; ")}.`,
          });
        }
        await repos.sprints.addItem(teamId, sprint.id, story.id, at);
        await repos.sprints.setStoryStatus(teamId, story.id, "ready", userId, at);
        return planOf(repos, teamId, settings);
      });
    },

    async removeItem({ teamId, userId, storyNumber }) {
      await access.require(teamId, userId, "sprint.manage");
      const settings = await readinessOf(teamId); // read before the transaction (one connection)
      return uow.run(async (repos) => {
        const sprint = await mustActive(repos, teamId);
        const story = await mustStory(repos, teamId, storyNumber);
        await repos.sprints.removeItem(teamId, sprint.id, story.id);
        return planOf(repos, teamId, settings);
      });
    },

    async setStatus({ teamId, userId, storyNumber, status }) {
      await access.require(teamId, userId, "story.create");
      const at = clock.now();
      return uow.run(async (repos) => {
        const sprint = await mustActive(repos, teamId);
        const story = await mustStory(repos, teamId, storyNumber);
        const ok = await repos.sprints.setItemStatus(
          teamId,
          sprint.id,
          story.id,
          status,
          status === "done" ? at : null,
        );
        if (!ok) throw new NotFoundError(said`#${String(storyNumber)} in sprint “${sprint.name}”`);
        await repos.sprints.setStoryStatus(teamId, story.id, storyStatusFor(status), userId, at);
        return statusOf(repos, teamId);
      });
    },

    async setNote({ teamId, userId, storyNumber, demoLink, notDoneReason }) {
      checkSprintNote({ demoLink, notDoneReason });
      await access.require(teamId, userId, "story.create");
      await uow.run(async (repos) => {
        const sprint = await mustActive(repos, teamId);
        const story = await mustStory(repos, teamId, storyNumber);
        await repos.sprints.setItemNote(teamId, sprint.id, story.id, { demoLink, notDoneReason });
      });
    },

    status: (teamId) => statusOf(uow.read, teamId),

    async close({ teamId, userId, choices }) {
      await access.require(teamId, userId, "sprint.manage");
      const at = clock.now();
      return uow.run(async (repos) => {
        const sprint = await mustActive(repos, teamId);
        const items = await repos.sprints.items(teamId, sprint.id);
        const done = items.filter((i) => i.status === "done");
        const unfinished = items.filter((i) => i.status !== "done");
        const toNext = unfinished.filter((i) => choices[i.story.id] === "next_sprint");
        const toBacklog = unfinished.filter((i) => choices[i.story.id] !== "next_sprint");
        const completedPoints = pointsOf(done);
        const outcomes: [number, "done" | CarryOver][] = [
          ...done.map((i) => [i.story.id, "done"] as [number, "done"]),
          ...toNext.map((i) => [i.story.id, "next_sprint"] as [number, CarryOver]),
          ...toBacklog.map((i) => [i.story.id, "backlog"] as [number, CarryOver]),
        ];
        if (!(await repos.sprints.close(teamId, sprint.id, { completedPoints, at, outcomes }))) {
          throw new ConflictError("This sprint was just closed by someone else.");
        }
        // Unfinished work goes back to "ready", and (unless kept for the next sprint) to the top.
        for (const i of unfinished)
          await repos.sprints.setStoryStatus(teamId, i.story.id, "ready", userId, at);
        await repos.sprints.moveToTop(
          teamId,
          toBacklog.map((i) => i.story.id),
          userId,
          at,
        );
        const closed = (await repos.sprints.findById(teamId, sprint.id)) ?? sprint;
        return {
          sprint: closed,
          completedPoints,
          toBacklog: toBacklog.map((i) => i.story),
          toNextSprint: toNext.map((i) => i.story),
        };
      });
    },

    review: (teamId, sprintId) => reviewOf(uow.read, teamId, sprintId),

    async confirmGoal({ teamId, userId, sprintId, met }) {
      // Whether the goal was met is the product owner's call (goals.manage: POs and admins).
      await access.require(teamId, userId, "goals.manage");
      return uow.run(async (repos) => {
        await repos.sprints.setGoalMet(teamId, sprintId, met, userId);
        return reviewOf(repos, teamId, sprintId);
      });
    },

    async feedback({ teamId, userId, sprintId, channelId, text }) {
      checkFeedback(text);
      const at = clock.now();
      const sprint = await uow.read.sprints.findById(teamId, sprintId);
      if (!sprint) throw new NotFoundError(`sprint ${sprintId}`);
      // The feedback becomes a triage request the PO decides on like any other.
      const request = requests
        ? await requests.submit({
            teamId,
            userId,
            channelId,
            draft: {
              what: text,
              why: `Feedback on the review of sprint “${sprint.name}”`.slice(0, 1000),
              whoAsks: "",
              urgency: "normal",
            },
          })
        : null;
      await uow.run((repos) =>
        repos.sprints.insertFeedback({ teamId, sprintId, requestId: request?.id ?? null, userId, text, at }),
      );
      return { requestId: request?.id ?? null };
    },
  };
}
