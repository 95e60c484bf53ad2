/**
 * `/forecast N` simulates ONE position (the story's cumulative need) instead of the whole queue
 * ahead of it, with the same dates as the full simulation, and repeats are served from the cache.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDigestQueueSource } from "../../../src/db/digest.repository.js";
import { createVelocitySource } from "../../../src/db/digest-sources.js";
import { type ForecastInput, forecastBacklog, median } from "../../../src/domain/forecast/index.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { createForecastService } from "../../../src/services/forecast.service.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

const T = "T1";
const N = 2_000;
let db: TestDatabase;
const clock = new FakeClock("2026-12-07T12:00:00Z");
beforeEach(async () => {
  db = await createTestDatabase("memory");
  const iso = clock.now().toISOString();
  for (let start = 0; start < N; start += 500) {
    await db.db
      .insertInto("stories")
      .values(
        Array.from({ length: 500 }, (_, k) => {
          const i = start + k;
          return {
            team_id: T,
            number: i + 1,
            title: `Story ${i + 1}`,
            persona: "",
            want: "",
            benefit: "",
            acceptance_criteria: "[]",
            estimate: i % 5 === 0 ? null : [1, 2, 3, 5, 8][i % 5],
            priority: "medium",
            status: i % 10 === 1 ? "done" : "new",
            rank: (i + 1) * 1024,
            labels: "[]",
            created_by: "U1",
            source_permalink: null,
            created_at: iso,
            updated_at: iso,
          };
        }),
      )
      .execute();
  }
  for (let s = 0; s < 12; s++) {
    const start = new Date(Date.UTC(2026, 0, 5) + s * 14 * 86_400_000);
    await db.db
      .insertInto("sprints")
      .values({
        team_id: T,
        name: `S${s}`,
        goal: "",
        starts_on: start.toISOString().slice(0, 10),
        ends_on: new Date(start.getTime() + 13 * 86_400_000).toISOString().slice(0, 10),
        state: "closed",
        completed_points: 200 + ((s * 37) % 120),
        created_by: "U1",
        created_at: iso,
      })
      .execute();
  }
});
afterEach(() => db.dispose());

describe("forecastStory cost", () => {
  it("simulates one position with the same dates as the whole queue, and caches repeats", async () => {
    const inputs: ForecastInput<number>[] = [];
    const service = createForecastService({
      queue: createDigestQueueSource(db.db),
      velocity: createVelocitySource(db.db),
      clock,
      run: async (input) => {
        inputs.push(input);
        return forecastBacklog(input);
      },
    });
    const last = await service.forecastStory(T, N);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.queue).toHaveLength(1); // not the 1,800 open stories up to it

    // The full simulation over the whole queue up to the story, as before: identical dates.
    const source = createDigestQueueSource(db.db);
    const open = (await source.activeQueue(T)).filter((e) => e.status !== "done");
    const stats = await source.openStats(T, true);
    const full = forecastBacklog({
      ...(inputs[0] as ForecastInput<number>),
      queue: open.map((e) => ({ id: e.id, points: e.estimate })),
      medianStorySize: median(stats.estimates) ?? undefined,
    });
    const f = last.kind === "queued" ? last : null;
    expect(full.kind).toBe("forecast");
    expect(f?.forecast.result.kind).toBe("forecast");
    if (full.kind !== "forecast" || f?.forecast.result.kind !== "forecast") return;
    const want = full.items.at(-1);
    const got = f.forecast.result.items[0];
    expect(got).toEqual(want);
    expect(f.queuePosition).toBe(open.length);
    expect(f.backlogPosition).toBe(N);
    expect(f.forecast.medianCountUpTo(got?.id ?? 0)).toBe(full.usedMedianFor.length);

    await service.forecastStory(T, N);
    expect(inputs).toHaveLength(1); // same backlog, same history: from the cache
  });
});
