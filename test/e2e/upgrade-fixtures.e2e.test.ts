/**
 * Upgrades: every database fixture written by a released schema (test/fixtures/schema/*.db, made by
 * make-fixture.ts) migrates to the latest schema with its data intact, and the app serves it.
 * A database newer than the code stops start-up with a clear message.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations/index.js";
import { appliedMigrations } from "../../src/db/migrate.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { onPostgres } from "../support/db.js";
import { freePort, startProcess } from "../support/process.js";
import { commandReply } from "../support/replies.js";

const folder = fileURLToPath(new URL("../fixtures/schema/", import.meta.url));
const fixtures = readdirSync(folder).filter((f) => f.endsWith(".db"));
interface Summary {
  version: string;
  team: string;
  rows: Record<string, number>;
  titles: string[];
}

let app: TestApp | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await app?.stop();
  app = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function copyOf(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), "scrumbot-upgrade-"));
  dirs.push(dir);
  const path = join(dir, "scrumbot.db");
  copyFileSync(join(folder, fixture), path);
  return path;
}

// SQLite only: the upgrade fixtures are SQLite files.
describe.skipIf(onPostgres)("upgrade fixtures", () => {
  it("has one for today's schema (run make-fixture.ts when adding a migration)", () => {
    expect(fixtures).toContain(`${Object.keys(migrations).at(-1)}.db`);
  });

  for (const fixture of fixtures) {
    it(`${fixture}: migrates to the latest schema, keeps every row and serves /backlog`, async () => {
      const summary = JSON.parse(
        readFileSync(join(folder, fixture.replace(/\.db$/, ".json")), "utf8"),
      ) as Summary;
      const path = copyOf(fixture);
      // The fixture is the data under test, row for row: no second workspace seeded into it.
      app = await startTestApp({ databasePath: path, otherWorkspace: false }); // migrates on open, as main.ts does
      expect(await appliedMigrations(app.db.db)).toEqual(Object.keys(migrations));

      for (const [table, count] of Object.entries(summary.rows)) {
        if (table.startsWith("kysely_")) continue;
        // The app creates its daily workspace purge schedule at start (issue 15): not a fixture row.
        const own = table === "schedules" ? " where job_kind != 'ops.workspace-purge'" : "";
        const row = app.db.sqlite.prepare(`select count(*) as n from "${table}"${own}`).get() as {
          n: number;
        };
        expect(row.n, `rows in ${table}`).toBe(count);
      }
      const titles = app.db.sqlite.prepare("select title from stories order by number").all() as {
        title: string;
      }[];
      expect(titles.map((t) => t.title)).toEqual(summary.titles);
      expect(app.db.sqlite.pragma("foreign_key_check")).toEqual([]);
      expect(app.db.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");

      // The app reads it: the product owner's /backlog lists the open stories, in order.
      app.fake.addUser({ id: "U0PO", name: "petra" });
      const { body } = await commandReply(app, "U0PO", "/backlog", "", "C0TEAM");
      const shown = JSON.stringify(body);
      const first = shown.indexOf("Invite teammates from the setup page");
      const second = shown.indexOf("Export the backlog as");
      expect(first).toBeGreaterThan(-1);
      expect(second).toBeGreaterThan(first);
      expect(shown).not.toContain("Old idea nobody wants"); // archived
    });
  }

  it("stops start-up with a clear message on a database from a newer release", async () => {
    const path = copyOf(fixtures.at(-1) ?? "");
    const db = new SQLite(path);
    db.prepare("insert into kysely_migration (name, timestamp) values (?, ?)").run(
      "2099-01-01T0000_from_the_future",
      "2099-01-01T00:00:00.000Z",
    );
    db.close();
    const proc = startProcess("src/main.ts", {
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: "s",
      SLACK_API_URL: "http://127.0.0.1:9/api/",
      PORT: String(await freePort()),
      DATABASE_URL: path,
    });
    const { code } = await proc.exited;
    expect(code).toBe(1);
    expect(proc.stderr()).toContain("newer scrumbot");
    expect(proc.stderr()).toContain("2099-01-01T0000_from_the_future");
    expect(proc.stderr()).not.toMatch(/\n\s+at /); // no stack trace
    const after = new SQLite(path, { readonly: true });
    expect(after.prepare("select count(*) as n from stories").get()).toEqual({ n: 6 });
    after.close();
  });
});
