import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGoalSource } from "../../../src/db/digest-sources.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase("memory");
});
afterEach(() => db.dispose());

const goal = (team: string, number: number, statement: string, metrics: string, status = "active") =>
  db.db
    .insertInto("goals")
    .values({
      team_id: team,
      number,
      statement,
      metrics,
      status,
      created_by: "U1",
      created_at: "2026-11-30T00:00:00Z",
      updated_at: "2026-11-30T00:00:00Z",
    })
    .execute();

describe("digest goal source", () => {
  it("lists the team's active goals in number order with their metrics as text", async () => {
    await goal("T1", 2, "Grow usage", JSON.stringify([{ name: "Weekly active teams", target: "500" }]));
    await goal(
      "T1",
      1,
      "Cut churn",
      JSON.stringify([
        { name: "Churn", target: "below 2%" },
        { name: "NPS", target: null },
      ]),
    );
    await goal("T1", 3, "Old goal", "[]", "achieved");
    await goal("T2", 1, "Other team", "[]");
    await goal("T1", 4, "Broken metrics", "not json");
    expect(await createGoalSource(db.db).activeGoals("T1")).toEqual([
      { title: "Cut churn", metrics: ["Churn: target below 2%", "NPS"] },
      { title: "Grow usage", metrics: ["Weekly active teams: target 500"] },
      { title: "Broken metrics", metrics: [] },
    ]);
  });
});
