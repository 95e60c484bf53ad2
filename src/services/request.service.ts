/**
 * Stakeholder requests and the product owner's triage inbox (issue 5 "Capture from
 * conversations"). Anyone may submit; triage (accept / merge / decline) needs
 * `backlog.triage`. Each decision is one transaction: the request's status, the story it
 * became (accept) and the backlog events commit together or not at all.
 */
import {
  type Placement,
  placementPosition,
  type RequestDraft,
  type RequestStatus,
  type StakeholderRequest,
} from "../domain/request.js";
import type { BacklogEntry, Story, StoryDraft } from "../domain/story.js";
import type { Clock } from "../lib/clock.js";
import { ConflictError, NotFoundError, ValidationError } from "../lib/errors.js";
import type { AccessControl } from "./access.ports.js";
import type { BacklogRepository } from "./backlog.ports.js";
import { placeStoryAt } from "./backlog-placement.js";
import type { Repositories } from "./story.ports.js";

export interface RequestRepository {
  insert(input: {
    teamId: string;
    draft: RequestDraft;
    requesterId: string;
    channelId: string | null;
    at: Date;
  }): Promise<StakeholderRequest>;
  find(teamId: string, id: number): Promise<StakeholderRequest | null>;
  /** Open requests, oldest first. */
  listOpen(teamId: string, offset: number, limit: number): Promise<StakeholderRequest[]>;
  countOpen(teamId: string): Promise<number>;
  /** Decides an *open* request; false when it was no longer open (someone else decided first). */
  decide(input: {
    teamId: string;
    id: number;
    status: Exclude<RequestStatus, "open">;
    reason: string | null;
    /** True only when the decider chose to show the reason to stakeholders (the digest). */
    reasonShared?: boolean;
    storyId: number | null;
    by: string;
    at: Date;
  }): Promise<boolean>;
}

export interface RequestRepositories extends Repositories {
  requests: RequestRepository;
  /** Ordering, to place an accepted request's story where the PO chose. */
  backlog: Pick<BacklogRepository, "lockTeam" | "neighboursAt" | "ranksBetween" | "setRank" | "rebalance">;
}

/** Like `UnitOfWork`, with the requests repository in the same transaction. */
export interface RequestUnitOfWork {
  run<T>(fn: (repos: RequestRepositories) => Promise<T>): Promise<T>;
  readonly read: RequestRepositories;
}

export interface TriagePage {
  requests: StakeholderRequest[];
  total: number;
  offset: number;
  limit: number;
}

export const TRIAGE_PAGE_SIZE = 10;

export interface RequestService {
  submit(input: {
    teamId: string;
    userId: string;
    channelId: string | null;
    draft: RequestDraft;
  }): Promise<StakeholderRequest>;
  /** The open inbox, oldest first. Requires `backlog.triage`. */
  inbox(input: { teamId: string; userId: string; offset?: number; limit?: number }): Promise<TriagePage>;
  /** Number of open requests (the Home tab's badge). No permission needed. */
  openCount(teamId: string): Promise<number>;
  /** An open request about to be triaged. Requires `backlog.triage`; ConflictError when already decided. */
  openForTriage(input: { teamId: string; userId: string; requestId: number }): Promise<StakeholderRequest>;
  /**
   * The request becomes a story, placed where the PO chose (the bottom when no placement is
   * given); `entry.position` is its true position after placing, what the requester is told.
   */
  accept(input: {
    teamId: string;
    userId: string;
    requestId: number;
    draft: StoryDraft;
    placement?: Placement | null;
  }): Promise<{ entry: BacklogEntry; request: StakeholderRequest }>;
  /** The request is covered by an existing active story `#storyNumber`. */
  merge(input: {
    teamId: string;
    userId: string;
    requestId: number;
    storyNumber: number;
  }): Promise<{ story: Story; request: StakeholderRequest }>;
  decline(input: {
    teamId: string;
    userId: string;
    requestId: number;
    reason: string;
    /** The reason always goes to the requester; stakeholders (the digest) see it only when true. */
    shareReason: boolean;
  }): Promise<StakeholderRequest>;
}

export function createRequestService(deps: {
  uow: RequestUnitOfWork;
  access: AccessControl;
  clock: Clock;
}): RequestService {
  const { uow, access, clock } = deps;

  async function mustBeOpen(repos: RequestRepositories, teamId: string, id: number) {
    const request = await repos.requests.find(teamId, id);
    if (!request) throw new NotFoundError(`request #${id}`);
    if (request.status !== "open") throw alreadyDecided(request);
    return request;
  }

  async function decideOrConflict(
    repos: RequestRepositories,
    input: Parameters<RequestRepository["decide"]>[0],
  ): Promise<StakeholderRequest> {
    if (!(await repos.requests.decide(input))) {
      const now = await repos.requests.find(input.teamId, input.id);
      throw now ? alreadyDecided(now) : new NotFoundError(`request #${input.id}`);
    }
    const decided = await repos.requests.find(input.teamId, input.id);
    if (!decided) throw new NotFoundError(`request #${input.id}`);
    return decided;
  }

  return {
    submit({ teamId, userId, channelId, draft }) {
      return uow.run((repos) =>
        repos.requests.insert({ teamId, draft, requesterId: userId, channelId, at: clock.now() }),
      );
    },

    async inbox({ teamId, userId, offset = 0, limit = TRIAGE_PAGE_SIZE }) {
      await access.require(teamId, userId, "backlog.triage");
      const safeLimit = Math.min(Math.max(1, Math.floor(limit)), 20);
      const [total, requests] = await Promise.all([
        uow.read.requests.countOpen(teamId),
        uow.read.requests.listOpen(teamId, Math.max(0, Math.floor(offset)), safeLimit),
      ]);
      return { requests, total, offset: Math.max(0, Math.floor(offset)), limit: safeLimit };
    },

    openCount(teamId) {
      return uow.read.requests.countOpen(teamId);
    },

    async openForTriage({ teamId, userId, requestId }) {
      await access.require(teamId, userId, "backlog.triage");
      return mustBeOpen(uow.read, teamId, requestId);
    },

    async accept({ teamId, userId, requestId, draft, placement }) {
      await access.require(teamId, userId, "backlog.triage");
      const at = clock.now();
      return uow.run(async (repos) => {
        if (placement) await repos.backlog.lockTeam(teamId); // an order-changing write: lock first
        await mustBeOpen(repos, teamId, requestId);
        const inserted = await repos.stories.insertAtBottom({ teamId, draft, createdBy: userId, at });
        let story = inserted.story;
        if (placement && placement !== "bottom") {
          // At the bottom, its position is the backlog's size.
          const to = placementPosition(placement, inserted.position);
          story = { ...story, rank: (await placeStoryAt(repos.backlog, teamId, story.id, to)).rank };
        }
        await repos.backlogEvents.append({
          teamId,
          storyId: story.id,
          kind: "created",
          data: { number: story.number, title: story.title, estimate: story.estimate, requestId },
          actor: userId,
          at,
        });
        await repos.backlogEvents.append({
          teamId,
          storyId: story.id,
          kind: "request_accepted",
          data: { requestId, storyNumber: story.number },
          actor: userId,
          at,
        });
        const request = await decideOrConflict(repos, {
          teamId,
          id: requestId,
          status: "accepted",
          reason: null,
          storyId: story.id,
          by: userId,
          at,
        });
        const position = (await repos.stories.positionOf(teamId, story.id)) ?? 0;
        return { entry: { story, position }, request };
      });
    },

    async merge({ teamId, userId, requestId, storyNumber }) {
      await access.require(teamId, userId, "backlog.triage");
      const at = clock.now();
      return uow.run(async (repos) => {
        await mustBeOpen(repos, teamId, requestId);
        const story = await repos.stories.findByNumber(teamId, storyNumber);
        if (!story || story.archivedAt) {
          throw new ValidationError({ story: `There is no active story #${storyNumber} in the backlog.` });
        }
        await repos.backlogEvents.append({
          teamId,
          storyId: story.id,
          kind: "request_merged",
          data: { requestId, storyNumber },
          actor: userId,
          at,
        });
        const request = await decideOrConflict(repos, {
          teamId,
          id: requestId,
          status: "merged",
          reason: null,
          storyId: story.id,
          by: userId,
          at,
        });
        return { story, request };
      });
    },

    async decline({ teamId, userId, requestId, reason, shareReason }) {
      await access.require(teamId, userId, "backlog.triage");
      const at = clock.now();
      return uow.run(async (repos) => {
        await mustBeOpen(repos, teamId, requestId);
        await repos.backlogEvents.append({
          teamId,
          storyId: null,
          kind: "request_declined",
          data: { requestId, reason, reasonShared: shareReason },
          actor: userId,
          at,
        });
        return decideOrConflict(repos, {
          teamId,
          id: requestId,
          status: "declined",
          reason,
          reasonShared: shareReason,
          storyId: null,
          by: userId,
          at,
        });
      });
    },
  };
}

function alreadyDecided(r: StakeholderRequest): ConflictError {
  const by = r.decidedBy ? ` by <@${r.decidedBy}>` : "";
  return new ConflictError(`Request #${r.id} was already ${r.status}${by}.`);
}
