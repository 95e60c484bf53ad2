import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { migrations } from "../../../db/migrations/index.js";
import { openDatabase, requireSqlite } from "../../../src/db/connection.js";
import { migrateToLatest } from "../../../src/db/migrate.js";

describe("migrations", () => {
  it("lists every migration file in the index, in name order", () => {
    const folder = fileURLToPath(new URL("../../../db/migrations/", import.meta.url));
    const files = readdirSync(folder)
      .filter((f) => f.endsWith(".ts") && f !== "index.ts" && f !== "portable.ts")
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });

  it("apply to an empty database and are idempotent", async () => {
    const handle = openDatabase(":memory:");
    const first = await migrateToLatest(handle.db);
    expect(first.every((r) => r.status === "Success")).toBe(true);
    expect(await migrateToLatest(handle.db)).toEqual([]);
    const fk = requireSqlite(handle, "this test").pragma("foreign_keys", { simple: true });
    expect(fk).toBe(1);
    await handle.close();
  });
});
