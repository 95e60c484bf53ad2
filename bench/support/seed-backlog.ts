/**
 * Seeds a big backlog for benchmarks: `n` stories (a fifth unestimated, a tenth done, ranks
 * 1024 apart) and `sprints` closed two-week sprints from 2019 on with 20–34 points each.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/database.js";

export async function seedBacklog(
  db: Kysely<Database>,
  opts: { teamId: string; stories: number; sprints: number; createdBy: string; at: string },
): Promise<void> {
  const { teamId, stories: n, createdBy, at } = opts;
  for (let start = 0; start < n; start += 500) {
    await db
      .insertInto("stories")
      .values(
        Array.from({ length: Math.min(500, n - start) }, (_, k) => {
          const i = start + k;
          return {
            team_id: teamId,
            number: i + 1,
            title: `Story ${i + 1} with a realistic title about invoices 🧾`,
            persona: "user",
            want: "do things",
            benefit: "",
            acceptance_criteria: "[]",
            estimate: i % 5 === 0 ? null : [1, 2, 3, 5, 8][i % 5],
            priority: ["critical", "high", "medium", "low"][i % 4] ?? "medium",
            status: i % 10 === 0 ? "done" : i % 3 === 0 ? "ready" : "new",
            rank: (i + 1) * 1024,
            labels: "[]",
            created_by: createdBy,
            source_permalink: null,
            created_at: at,
            updated_at: at,
          };
        }),
      )
      .execute();
  }
  for (let s = 0; s < opts.sprints; s++) {
    const start = new Date(Date.UTC(2019, 0, 7) + s * 14 * 86_400_000);
    const end = new Date(start.getTime() + 13 * 86_400_000);
    await db
      .insertInto("sprints")
      .values({
        team_id: teamId,
        name: `Sprint ${s + 1}`,
        goal: "",
        starts_on: start.toISOString().slice(0, 10),
        ends_on: end.toISOString().slice(0, 10),
        state: "closed",
        completed_points: 20 + ((s * 7) % 15),
        created_by: createdBy,
        created_at: at,
      })
      .execute();
  }
}
