/**
 * The `/backlog` render's cost on a real database, with the services composed as the app composes
 * them: how many SQL statements one page takes (each role check used to look the person up again,
 * and the total was counted twice).
 */
import { afterEach, describe, expect, it } from "vitest";
import { composedApp } from "../../../bench/support/composed-services.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { renderBacklog } from "../../../src/listeners/commands/backlog/render.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../../support/db.js";
import { FakeSlack } from "../../support/fake-slack.js";
import { countStatements as countOn } from "../../support/statement-counter.js";

const T = "T0001";
const cleanups: (() => Promise<void> | void)[] = [];
/** Counts until the test ends. */
function countStatements(db: TestDatabase) {
  const counter = countOn(db);
  cleanups.push(counter.restore);
  return counter;
}
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("rendering /backlog", () => {
  // SQLite only: statements are counted on the SQLite connection (the same queries run on PostgreSQL).
  it.skipIf(onPostgres)(
    "takes six statements for a page: one role lookup, one count, no repeated reads",
    async () => {
      const fake = await FakeSlack.start();
      cleanups.push(() => fake.stop());
      fake.addUser({ id: "UPO" });
      const db = await createTestDatabase("memory");
      cleanups.push(() => db.dispose());
      await db.db
        .insertInto("stories")
        .values(
          Array.from({ length: 200 }, (_, i) => ({
            team_id: T,
            number: i + 1,
            title: `Story ${i + 1}`,
            persona: "user",
            want: "do things",
            benefit: "",
            acceptance_criteria: "[]",
            estimate: 3,
            priority: "medium",
            status: "new",
            rank: (i + 1) * 1024,
            labels: "[]",
            created_by: "UPO",
            source_permalink: null,
            created_at: "2026-11-28T09:00:00.000Z",
            updated_at: "2026-11-28T09:00:00.000Z",
          })),
        )
        .execute();
      await db.db
        .insertInto("team_roles")
        .values({
          team_id: T,
          user_id: "UPO",
          role: "product_owner",
          assigned_by: "U0",
          assigned_at: "2026-11-01T00:00:00Z",
        })
        .execute();
      const app = composedApp({
        database: db,
        clock: new FakeClock("2026-11-28T12:00:00Z"),
        slackApiUrl: fake.apiUrl,
      });
      cleanups.push(() => app.close());
      const render = () => renderBacklog(app.deps, { teamId: T, userId: "UPO", limit: 20 });
      await render(); // the people directory learns UPO
      const counter = countStatements(db);
      const message = await render();
      expect(JSON.stringify(message.blocks)).toContain("Move to top"); // the PO's menu: the role was read
      // The page with its count, the settings, the role: the person and the directory's sweep time
      // were read by the first render and are remembered (it was 6, then 4 with the count apart).
      expect(counter.n).toBeLessThanOrEqual(3);
      // A search reads the matching stories once for the page and their count (plus the total).
      const search = countStatements(db);
      const found = await renderBacklog(app.deps, { teamId: T, userId: "UPO", limit: 20, words: ["story"] });
      expect(JSON.stringify(found.blocks)).toContain("Story 20");
      expect(search.n).toBeLessThanOrEqual(4); // it was 6: the page and the count scanned the matches apart
    },
  );
});
