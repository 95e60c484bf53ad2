import { describe, expect, it } from "vitest";
import * as publicIds from "../../../db/migrations/2026-12-02T0640_retro_card_public_ids.js";
import { openDatabase, requireSqlite } from "../../../src/db/connection.js";
import { migrateToLatest } from "../../../src/db/migrate.js";

describe("migration 2026-12-02T0640_retro_card_public_ids", () => {
  it("gives cards written before it random, distinct 16-hex-digit public ids", async () => {
    const handle = openDatabase(":memory:");
    await migrateToLatest(handle.db);
    // Back to the old shape, with cards, then up again: the backfill is what an upgrade runs.
    await publicIds.down(handle.db);
    requireSqlite(handle, "this test").exec(
      "INSERT INTO retros (id, team_id, channel_id, state, opened_by, created_at) VALUES (1, 'T1', '', 'collecting', '', '1970-01-01T00:00:00.000Z')",
    );
    for (const text of ["a", "b", "c"]) {
      requireSqlite(handle, "this test")
        .prepare("INSERT INTO retro_cards (team_id, retro_id, category, text) VALUES ('T1', 1, 'well', ?)")
        .run(text);
    }
    await publicIds.up(handle.db);
    const ids = (
      requireSqlite(handle, "this test").prepare("SELECT public_id FROM retro_cards").all() as {
        public_id: string;
      }[]
    ).map((r) => r.public_id);
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(3);
    await handle.close();
  });
});
