/**
 * The forecast service over real SQLite: velocity from closed sprints, the running sprint as
 * sprint 1, done stories skipped, unestimated stories counted at the median.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDigestQueueSource } from "../../../src/db/digest.repository.js";
import { createVelocitySource } from "../../../src/db/digest-sources.js";
import { createUnitOfWork } from "../../../src/db/unit-of-work.js";
import type { StoryDraft } from "../../../src/domain/story.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { NotFoundError } from "../../../src/lib/errors.js";
import { createForecastService } from "../../../src/services/forecast.service.js";
import { createStoryService } from "../../../src/services/story.service.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

const T = "T1";
let db: TestDatabase;
const clock = new FakeClock("2026-12-07T12:00:00Z");
beforeEach(async () => {
  db = await createTestDatabase("memory");
});
afterEach(() => db.dispose());

const draft = (title: string, estimate: StoryDraft["estimate"]): StoryDraft => ({
  title,
  persona: "",
  want: "",
  benefit: "",
  acceptanceCriteria: [],
  estimate,
  priority: "medium",
  labels: [],
});

async function sprint(name: string, starts: string, ends: string, state: string, points: number | null) {
  const row = await db.db
    .insertInto("sprints")
    .values({
      team_id: T,
      name,
      goal: `${name} goal`,
      starts_on: starts,
      ends_on: ends,
      state,
      completed_points: points,
      created_by: "U1",
      created_at: clock.now().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

function service() {
  return createForecastService({
    queue: createDigestQueueSource(db.db),
    velocity: createVelocitySource(db.db),
    clock,
  });
}

describe("forecast service", () => {
  it("says not enough history with fewer than 3 closed sprints, and unknown stories are NotFound", async () => {
    const stories = createStoryService({ uow: createUnitOfWork(db.db), clock });
    await stories.createStory({ teamId: T, userId: "U1", draft: draft("A", 3) });
    await sprint("S1", "2026-11-02", "2026-11-15", "closed", 10);
    await sprint("S2", "2026-11-16", "2026-11-29", "closed", 10);
    const f = await service().forecastStory(T, 1);
    expect(f.kind === "queued" && f.forecast.result).toMatchObject({
      kind: "insufficient_history",
      sprintsAvailable: 2,
    });
    await expect(service().forecastStory(T, 99)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("forecasts from closed sprints, with the active sprint as sprint 1 and medians for unestimated items", async () => {
    const stories = createStoryService({ uow: createUnitOfWork(db.db), clock });
    const a = await stories.createStory({ teamId: T, userId: "U1", draft: draft("A", 5) });
    await stories.createStory({ teamId: T, userId: "U1", draft: draft("B", null) });
    await stories.createStory({ teamId: T, userId: "U1", draft: draft("C", 5) });
    await stories.createStory({ teamId: T, userId: "U1", draft: draft("Done already", 8) });
    await db.db.updateTable("stories").set({ status: "done" }).where("number", "=", 4).execute();
    // Every closed sprint did exactly 10 points, so every trial is the same: hand-computable.
    await sprint("S1", "2026-11-02", "2026-11-15", "closed", 10);
    await sprint("S2", "2026-11-16", "2026-11-29", "closed", 10);
    await sprint("S3", "2026-11-30", "2026-12-13", "closed", 10);
    const active = await sprint("S4", "2026-12-14", "2026-12-27", "active", null);
    await db.db
      .insertInto("sprint_items")
      .values({ team_id: T, sprint_id: active, story_id: a.story.id, status: "todo", added_at: "2026-12-14" })
      .execute();

    const top = await service().forecastTop(T, 10);
    expect(top.current).toMatchObject({ name: "S4", plannedPoints: 5, donePoints: 0, plannedItems: 1 });
    expect(top.queue.map((q) => q.number)).toEqual([1, 2, 3]);
    expect(top.result.kind).toBe("forecast");
    if (top.result.kind !== "forecast") return;
    expect(top.result.medianStorySize).toBe(5);
    // Cumulative 5, 10, 15 points at 10 per sprint: A and B in sprint 1 (ends 27 Dec), C in sprint 2 (10 Jan).
    expect(top.result.items.map((i) => (i.p95.kind === "by_sprint" ? i.p95.endDate : null))).toEqual([
      "2026-12-27",
      "2026-12-27",
      "2027-01-10",
    ]);
    expect(top.medianCountUpTo(top.queue[2]?.id ?? 0)).toBe(1);

    const done = await service().forecastStory(T, 4);
    expect(done.kind).toBe("done");
  });
});
