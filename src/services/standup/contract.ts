/**
 * The standup service's public contract: the facade's interface, its dependencies, the job kinds
 * it schedules and the message builders it needs. See `index.ts` for the delivery model.
 */
import type { LocalDate } from "../../domain/schedule/index.js";
import type {
  Blocker,
  PersonStats,
  ReportModel,
  Standup,
  StandupAnswer,
  StandupSettings,
} from "../../domain/standup/index.js";
import type { Clock } from "../../lib/clock.js";
import type { Logger } from "../../lib/logger.js";
import type { JobContext, Outbox, Scheduler } from "../scheduling.ports.js";
import type { CalendarStore } from "../scheduling-store.ports.js";
import type { StandupUnitOfWork } from "../standup.ports.js";
import type { PeopleDirectory, PersonChange } from "../user-directory.ports.js";

export const STANDUP_JOBS = {
  prompt: "standup.prompt",
  reminder: "standup.reminder",
  close: "standup.close",
  /** A one-off prompt at the new local time of someone who moved west (see `runPrompt`). */
  movedPrompt: "standup.prompt.moved",
} as const;

/** A rendered Slack message (the views build these; the service never sees Block Kit types). */
export interface RenderedMessage {
  text: string;
  blocks: unknown[];
}

export type OwnerNotice =
  | { kind: "channel"; standup: Standup; error: string }
  | { kind: "member"; standup: Standup; userId: string; name: string; problem: string }
  | { kind: "stale_blocker"; standup: Standup; blocker: Blocker; name: string; days: number };

/** The message builders the service needs (implemented by `src/views/standup*.view.ts`). */
export interface StandupMessages {
  parent(model: ReportModel): RenderedMessage;
  answer(input: {
    standup: Standup;
    day: LocalDate;
    name: string;
    answer: StandupAnswer;
    blocker: Blocker | null;
  }): RenderedMessage;
  prompt(input: { standup: Standup; day: LocalDate; reminder: boolean }): RenderedMessage;
  notice(notice: OwnerNotice): RenderedMessage;
}

/** What `/standup` (or the DM button) opens: the answer form for one standup day. */
export type NextAnswerForm =
  | { kind: "form"; form: AnswerForm }
  | { kind: "none" }
  | { kind: "no_day"; names: string[] };

export interface AnswerForm {
  standup: Standup;
  day: LocalDate;
  existing: StandupAnswer | null;
  /** The person's prompt on that day has not come yet (an answer from the evening before). */
  early: boolean;
}

export interface StandupStats {
  standup: Standup;
  mine: PersonStats | null;
  /** Only for the owner (and workspace admins): everyone's figures. */
  team: (PersonStats & { name: string })[] | null;
  days: number;
}

export interface StandupService {
  /** Defaults for the setup modal: the team's work week, the owner's zone. */
  defaults(teamId: string, userId: string, channelId: string | null): Promise<StandupSettings>;
  create(teamId: string, userId: string, settings: StandupSettings): Promise<Standup>;
  /** @throws ForbiddenError unless owner or workspace admin. */
  update(teamId: string, userId: string, id: number, settings: StandupSettings): Promise<Standup>;
  /** @throws ForbiddenError unless owner or workspace admin. */
  remove(teamId: string, userId: string, id: number): Promise<Standup>;
  /** The standup, if the user may change it. @throws NotFoundError / ForbiddenError */
  forEditing(teamId: string, userId: string, id: number): Promise<Standup>;
  list(teamId: string): Promise<{ standup: Standup; owner: boolean }[]>;
  standupsOf(teamId: string, userId: string): Promise<Standup[]>;

  /** The form for the standup day an answer given now counts for. @throws NotFoundError */
  answerForm(teamId: string, userId: string, standupId: number): Promise<AnswerForm>;
  /**
   * "Write my standup" without naming one: the form of the person's standup whose day comes first
   * (today's, or the next); `none` when they are in no standup; `no_day` (with the standups' names)
   * when none of theirs has a standup day coming.
   */
  nextAnswerForm(teamId: string, userId: string): Promise<NextAnswerForm>;
  /**
   * Validates and saves an answer (first or edit) and its blocker in one transaction, before any
   * Slack call. Then call {@link StandupService.publishAnswer}.
   * @throws ValidationError (`answer{i}` keys) for a missing required answer or a closed report.
   */
  submitAnswer(input: {
    teamId: string;
    userId: string;
    standupId: number;
    day: LocalDate;
    texts: (string | null)[];
  }): Promise<{ answer: StandupAnswer; standup: Standup; day: LocalDate; edited: boolean }>;

  /** Marks a blocker resolved (its author, the owner or an admin) and refreshes the report. */
  resolveBlocker(teamId: string, userId: string, blockerId: number): Promise<Blocker>;

  setAway(teamId: string, userId: string, from: string, to: string): Promise<{ from: string; to: string }>;
  /** Ends the current absence (future ones stay). @returns how many were ended. */
  back(teamId: string, userId: string): Promise<{ ended: number; upcoming: { from: string; to: string }[] }>;

  stats(teamId: string, userId: string): Promise<StandupStats[]>;

  /**
   * Publishes a saved answer: opens the day's report if its first prompt has come, posts or
   * updates the answer in the thread and refreshes the parent. Enqueues only (no Slack call here).
   */
  publishAnswer(saved: { standup: Standup; day: LocalDate; answer: StandupAnswer }): Promise<void>;
  runPrompt(ctx: JobContext): Promise<void>;
  runReminder(ctx: JobContext): Promise<void>;
  runClose(ctx: JobContext): Promise<void>;
  /**
   * The bot was added to a channel: open reports of standups posting there whose parent could not
   * be posted (not in the channel) are posted now, with their answers in the thread.
   */
  channelJoined(teamId: string, channelId: string): Promise<number>;
  /**
   * Slack told us a person changed (`user_change`): their member rows follow, and a new zone moves
   * their prompt and reminder schedules (and the close) at once.
   */
  personChanged(change: PersonChange): Promise<void>;
  /** Runs the report refreshes still waiting for their slot (tests, shutdown). */
  flush(): Promise<void>;
}

export interface StandupServiceDeps {
  uow: StandupUnitOfWork;
  calendars: CalendarStore;
  users: PeopleDirectory;
  scheduler: Scheduler;
  outbox: Outbox;
  messages: StandupMessages;
  clock: Clock;
  logger: Logger;
  /** Minimum time between two renders of one report's parent (default 1 s). */
  refreshIntervalMs?: number;
}
