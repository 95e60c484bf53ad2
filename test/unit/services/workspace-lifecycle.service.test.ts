/**
 * The workspace lifecycle over real SQLite: stopping is idempotent and race-free (two events at
 * once stop the workspace once), the status cache is brief and dropped by this process's own
 * changes, and the purge takes only workspaces whose retention period is over.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSchedulingUnitOfWork } from "../../../src/db/scheduling-stores.js";
import { createTeamData } from "../../../src/db/team-data.repository.js";
import { createWorkspaceStore } from "../../../src/db/workspace.repository.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { createLogger } from "../../../src/lib/logger.js";
import type { PeopleSource } from "../../../src/services/user-directory.ports.js";
import {
  createWorkspaceLifecycle,
  guardedPeopleSource,
} from "../../../src/services/workspace-lifecycle.service.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

let db: TestDatabase;
let clock: FakeClock;
beforeEach(async () => {
  db = await createTestDatabase("memory");
  clock = new FakeClock("2026-12-01T10:00:00Z");
});
afterEach(() => db.dispose());

function lifecycle(cacheMs = 5_000, more: Partial<Parameters<typeof createWorkspaceLifecycle>[0]> = {}) {
  const scheduling = createSchedulingUnitOfWork(db.db);
  return createWorkspaceLifecycle({
    ...more,
    store: createWorkspaceStore(db.db),
    data: createTeamData(db.db),
    pending: { failPending: (t, r, at) => scheduling.read.outbox.failPendingOfTeam(t, r, at) },
    clock,
    logger: createLogger("silent"),
    retentionDays: 30,
    cacheMs,
  });
}

describe("workspace lifecycle", () => {
  it("stops once when two events race, keeping the first reason", async () => {
    const l = lifecycle();
    const results = await Promise.all([l.stop("T1", "app uninstalled"), l.stop("T1", "bot token revoked")]);
    expect(results.filter((r) => r.stopped)).toHaveLength(1);
    const state = await l.status("T1");
    expect(state).toMatchObject({ status: "uninstalled", purgeAfter: new Date("2026-12-31T10:00:00Z") });
    expect(await l.stoppedReason("T1")).toBe(state?.reason);
    expect(await l.isActive("T2")).toBe(true);
  });

  it("caches the status briefly; another process's change shows after the cache time", async () => {
    const mine = lifecycle(5_000);
    const other = lifecycle(5_000);
    expect(await mine.isActive("T1")).toBe(true);
    await other.stop("T1", "app uninstalled");
    expect(await mine.isActive("T1")).toBe(true); // stale for up to 5 s, as documented
    clock.advance(5_000);
    expect(await mine.isActive("T1")).toBe(false);
    await mine.resumeWorkspace("T1");
    expect(await mine.isActive("T1")).toBe(true); // its own change: at once
  });

  it("answers from its cache without a query (the request gate's path), and says when it can't", async () => {
    const mine = lifecycle(5_000);
    expect(mine.cachedStoppedReason("T1")).toBeUndefined(); // never asked: the gate awaits the query
    expect(await mine.stoppedReason("T1")).toBeNull();
    expect(mine.cachedStoppedReason("T1")).toBeNull();
    await mine.stop("T1", "app uninstalled");
    expect(mine.cachedStoppedReason("T1")).toBe("app uninstalled"); // its own stop: at once
    clock.advance(5_000);
    expect(mine.cachedStoppedReason("T1")).toBeUndefined(); // expired: ask the database again
  });

  it("lets a request through on an expired active answer while re-reading it after the acks, never on a stopped one", async () => {
    const queued: (() => Promise<void>)[] = [];
    const mine = lifecycle(5_000, { staleMs: 60_000, refreshLater: (job) => void queued.push(job) });
    const other = lifecycle(5_000);
    expect(await mine.stoppedReason("T1")).toBeNull();
    expect(await mine.stoppedReason("T3")).toBeNull();
    await other.stop("T1", "app uninstalled"); // in another process
    await other.stop("T3", "bot token revoked");
    clock.advance(5_000);
    expect(mine.cachedStoppedReason("T1")).toBeNull(); // expired, served once more…
    expect(mine.cachedStoppedReason("T1")).toBeNull();
    expect(mine.cachedStoppedReason("T3")).toBeNull();
    expect(queued).toHaveLength(1); // …and one re-read queued for the burst, of both
    expect(await mine.stoppedReason("T1")).toBe("app uninstalled"); // callers that await are never served stale
    await queued.shift()?.();
    expect(mine.cachedStoppedReason("T1")).toBe("app uninstalled");
    expect(mine.cachedStoppedReason("T3")).toBe("bot token revoked");
    clock.advance(5_000);
    expect(mine.cachedStoppedReason("T1")).toBeUndefined(); // a stopped answer expires as before
    expect(queued).toHaveLength(0);

    expect(await mine.stoppedReason("T2")).toBeNull();
    clock.advance(5_000);
    expect(mine.cachedStoppedReason("T2")).toBeNull();
    queued.length = 0; // the queue was full: the re-read never ran
    clock.advance(5_000);
    expect(mine.cachedStoppedReason("T2")).toBeNull();
    expect(queued).toHaveLength(1); // queued again
    clock.advance(50_000);
    expect(mine.cachedStoppedReason("T2")).toBeUndefined(); // quiet for staleMs: the gate awaits the read
  });

  it("purges only workspaces whose retention period is over, and a purged one stays stopped", async () => {
    const l = lifecycle();
    await l.stop("T1", "app uninstalled");
    clock.advance(10 * 24 * 3600_000);
    await l.stop("T2", "app uninstalled");
    clock.set("2026-12-31T10:00:00Z");
    expect((await l.purgeDue(clock.now())).map((r) => r.teamId)).toEqual(["T1"]);
    expect(await l.status("T1")).toMatchObject({ status: "purged" });
    expect(await l.isActive("T1")).toBe(false);
    // A late duplicate event doesn't turn the tombstone back into a pending purge.
    expect((await l.stop("T1", "app uninstalled")).stopped).toBe(false);
    expect(await l.status("T1")).toMatchObject({ status: "purged" });
  });

  it("the people directory's Slack source makes no call for a stopped workspace", async () => {
    const l = lifecycle();
    const asked: string[] = [];
    const source: PeopleSource = {
      info: async (teamId, userId) => {
        asked.push(`${teamId}:${userId}`);
        return null;
      },
      listPage: async (teamId) => {
        asked.push(`${teamId}:list`);
        return { people: [], nextCursor: null };
      },
    };
    const guarded = guardedPeopleSource(source, l);
    await l.stop("T1", "app uninstalled");
    await expect(guarded.info("T1", "U1")).rejects.toThrow(/stopped in this workspace \(app uninstalled\)/);
    await expect(guarded.listPage("T1", null)).rejects.toThrow(/stopped/);
    await guarded.info("T2", "U2");
    expect(asked).toEqual(["T2:U2"]);
  });
});
