/**
 * Uninstall and token revocation end to end over signed HTTP (issue 15, item 5), with two
 * workspaces on one app: A (T0001) uninstalls, B (T0002) carries on.
 * - `app_uninstalled` and `tokens_revoked` in either order, repeated: A stops once, with the first
 *   reason; pending outbox rows fail with it; A's schedules pause (runs recorded as skipped);
 *   nothing is sent to Slack for A afterwards, while B's messages and schedules go on.
 * - Requests from A after the uninstall do nothing (a command is told why, in its ack).
 * - Its data is deleted after DATA_RETENTION_DAYS by the daily job (injected clock), not before.
 * - A reinstall within the grace period resumes where it stopped; so does a start with a working
 *   bot token in single-token mode.
 * - `npm run cli -- purge --team` asks for the team id (or --yes) and prints rows per table.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/index.js";
import { tablesWithColumns } from "../../src/db/dialect.js";
import { createUnitOfWork } from "../../src/db/unit-of-work.js";
import { createWorkspaceStore } from "../../src/db/workspace.repository.js";
import { FakeClock } from "../../src/lib/clock.js";
import { createStoryService } from "../../src/services/story.service.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { tempDatabasePath } from "../support/db.js";

const A = "T0001";
const B = "T0002";
const PO_A = "U0APO";
const PO_B = "U0BPO";
const CHANNEL_A = "C0ATEAM";
const CHANNEL_B = "C0BTEAM";
// Thursday 3 December 2026, 14:00 in Berlin.
const THURSDAY_1400 = new Date("2026-12-03T13:00:00Z");

let t: TestApp;
let extraDirs: string[] = [];
beforeEach(async () => {
  t = await startTestApp({ scheduling: { jobs: { timers: false } }, now: "2026-12-01T10:00:00Z" });
  t.fake.addUser({ id: PO_A, name: "anna", tz: "Europe/Berlin" });
  t.fake.addUser({ id: PO_B, name: "bert", tz: "Europe/Berlin" });
  t.fake.addChannel({ id: CHANNEL_A, name: "a-team", botIsMember: true });
  t.fake.addChannel({ id: CHANNEL_B, name: "b-team", botIsMember: true });
});
afterEach(async () => {
  await t.stop();
  for (const dir of extraDirs) rmSync(dir, { recursive: true, force: true });
  extraDirs = [];
});

const slackOf = (team: string) => (team === A ? t.slack : t.slackAs(team));

async function seedStory(teamId: string, userId: string, title: string) {
  const service = createStoryService({ uow: createUnitOfWork(t.db.db), clock: t.clock });
  const draft = {
    title,
    persona: "customer",
    want: "export",
    benefit: "share",
    acceptanceCriteria: ["a file"],
    estimate: null,
    priority: "medium" as const,
    labels: [],
  };
  return (await service.createStory({ teamId, userId, draft })).story;
}

/** Each workspace: a story, a weekly refinement agenda on Thursdays 14:00 Berlin, a pending message. */
async function setUpWorkspace(team: string, po: string, channel: string) {
  await seedStory(team, po, `Story of ${team}`);
  await slackOf(team).command("/refine", `setup <#${channel}|team> thursday 14:00 3`, {
    userId: po,
    channelId: channel,
  });
  await t.fake.waitForResponse((r) => JSON.stringify(r.body).includes("Every Thursday at 14:00"));
  await t.bot.outbox.enqueue({ teamId: team, idempotencyKey: `note-${team}`, channel, text: "A note" });
}

const outboxOf = (team: string) =>
  t.db.db
    .selectFrom("outbox")
    .select(["idempotency_key as key", "state", "last_error as error"])
    .where("team_id", "=", team)
    .orderBy("id")
    .execute();
const workspaceRow = (team: string) =>
  t.db.db
    .selectFrom("workspaces")
    .select(["status", "reason", "uninstalled_at", "purge_after"])
    .where("team_id", "=", team)
    .executeTakeFirst();
const runsOf = (team: string) =>
  t.db.db
    .selectFrom("schedule_runs")
    .select(["local_due", "state", "reason"])
    .where("team_id", "=", team)
    .orderBy("id")
    .execute();

/** Every row of every table that belongs to `team` (team_id column), as sorted JSON per table. */
async function rowsOf(team: string, except: string[] = []): Promise<Record<string, string[]>> {
  // biome-ignore lint/suspicious/noExplicitAny: every table, named at run time
  const db = t.db.db as unknown as Kysely<any>;
  const out: Record<string, string[]> = {};
  for (const { name, columns } of await tablesWithColumns(db)) {
    if (except.includes(name) || !columns.includes("team_id")) continue;
    const rows = await db.selectFrom(name).selectAll().where("team_id", "=", team).execute();
    if (rows.length > 0) out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

const uninstall = (team: string, eventId?: string) =>
  slackOf(team).event({ type: "app_uninstalled" }, eventId ? { eventId } : {});
const revoke = (team: string, tokens: { bot?: string[]; oauth?: string[] }) =>
  slackOf(team).event({ type: "tokens_revoked", tokens });

/** Calls made to the fake since `from` that concern workspace A (its channels or people). */
function callsAboutA(from: number) {
  return t.fake.calls.slice(from).filter((c) => {
    const text = JSON.stringify(c.args);
    return text.includes(CHANNEL_A) || text.includes(PO_A);
  });
}

describe("uninstall and revocation", () => {
  it("app_uninstalled then tokens_revoked: A stops once, its messages fail, its schedule pauses; B goes on", async () => {
    await setUpWorkspace(A, PO_A, CHANNEL_A);
    await setUpWorkspace(B, PO_B, CHANNEL_B);
    const from = t.fake.calls.length;

    expect((await uninstall(A)).status).toBe(200);
    await t.bot.settle();
    expect(await workspaceRow(A)).toEqual({
      status: "uninstalled",
      reason: "app uninstalled",
      uninstalled_at: "2026-12-01T10:00:00.000Z",
      purge_after: "2026-12-31T10:00:00.000Z",
    });
    expect(await outboxOf(A)).toEqual([{ key: `note-${A}`, state: "failed", error: "app uninstalled" }]);
    // B's note went out as usual.
    expect(await outboxOf(B)).toEqual([{ key: `note-${B}`, state: "sent", error: null }]);

    // Then the revocation, and Slack's duplicates: nothing changes (first reason kept).
    t.clock.advance(60_000);
    await revoke(A, { bot: ["UBOT"] });
    await uninstall(A);
    await t.bot.settle();
    expect(await workspaceRow(A)).toMatchObject({
      reason: "app uninstalled",
      uninstalled_at: "2026-12-01T10:00:00.000Z",
    });

    // A message a job queues for A later (a job already running) fails without a call either.
    await t.bot.outbox.enqueue({ teamId: A, idempotencyKey: "late", channel: CHANNEL_A, text: "Late" });
    await t.bot.settle();
    expect((await outboxOf(A)).at(-1)).toEqual({ key: "late", state: "failed", error: "app uninstalled" });

    // Thursday 14:00: B's agenda is posted; A's occurrence is recorded as skipped, and why.
    await t.bot.jobs.tick(THURSDAY_1400);
    await t.bot.settle();
    expect(t.fake.messagesIn(CHANNEL_B)).toHaveLength(2); // the note, the agenda
    expect(t.fake.messagesIn(CHANNEL_A)).toHaveLength(0);
    expect(await runsOf(A)).toEqual([
      { local_due: "2026-12-03T14:00", state: "skipped", reason: "workspace_paused" },
    ]);
    expect(await runsOf(B)).toEqual([{ local_due: "2026-12-03T14:00", state: "done", reason: null }]);

    // Requests from A: a command is told why in its ack (no Slack call, no response_url post);
    // the Home tab, buttons and other events do nothing.
    const responses = t.fake.responses.length;
    const cmd = await t.slack.command("/backlog", "", { userId: PO_A, channelId: CHANNEL_A });
    expect(cmd.status).toBe(200);
    expect(JSON.stringify(cmd.json)).toContain("scrumbot is stopped in this workspace (app uninstalled)");
    expect(JSON.stringify(cmd.json)).toContain("kept until Thu 31 Dec 2026");
    await t.slack.event({ type: "app_home_opened", user: PO_A, tab: "home", channel: "D0A" });
    await t.slack.command("/story", "Sneaky", { userId: PO_A, channelId: CHANNEL_A });
    await t.bot.settle();
    expect(t.fake.responses.length).toBe(responses);
    expect(callsAboutA(from)).toEqual([]);
    expect(t.fake.callsTo("views.publish")).toEqual([]);
    expect((await rowsOf(A)).stories).toHaveLength(1); // nothing new written for A
  });

  it("tokens_revoked (bot) first, then app_uninstalled: stopped once with the first reason; user tokens alone stop nothing", async () => {
    await setUpWorkspace(A, PO_A, CHANNEL_A);
    await revoke(A, { oauth: ["U0SOMEONE"] });
    await t.bot.settle();
    expect(await workspaceRow(A)).toBeUndefined();

    await t.bot.outbox.enqueue({ teamId: A, idempotencyKey: "second", channel: CHANNEL_A, text: "Two" });
    await revoke(A, { bot: ["UBOT"], oauth: [] });
    await t.bot.settle();
    const from = t.fake.calls.length;
    await uninstall(A);
    await t.bot.settle();
    expect(await workspaceRow(A)).toMatchObject({ status: "uninstalled", reason: "bot token revoked" });
    // The first note may have gone out before the revocation; whatever hadn't failed with the reason.
    expect((await outboxOf(A)).find((r) => r.key === "second")).toMatchObject({ state: "failed" });
    for (const row of (await outboxOf(A)).filter((r) => r.state !== "sent")) {
      expect(row).toMatchObject({ state: "failed", error: "bot token revoked" });
    }
    await t.bot.jobs.tick(THURSDAY_1400);
    await t.bot.settle();
    expect(await runsOf(A)).toMatchObject([{ state: "skipped", reason: "workspace_paused" }]);
    expect(callsAboutA(from)).toEqual([]);
  });

  it("deletes A's data after the grace period (daily job, injected clock) and leaves B's alone", async () => {
    await setUpWorkspace(A, PO_A, CHANNEL_A);
    await setUpWorkspace(B, PO_B, CHANNEL_B);
    await uninstall(A);
    await t.bot.settle();
    const scheduling = ["schedules", "schedule_runs", "outbox"];
    const bBefore = await rowsOf(B, scheduling);
    expect(Object.keys(await rowsOf(A))).toEqual(expect.arrayContaining(["stories", "schedules", "outbox"]));

    // 30 days later at 04:15 the purge time hasn't come (uninstalled at 10:00): nothing deleted.
    t.clock.set("2026-12-31T04:15:00Z");
    await t.bot.jobs.tick(t.clock.now());
    expect((await rowsOf(A)).stories).toHaveLength(1);
    t.clock.set("2027-01-01T04:15:00Z");
    await t.bot.jobs.tick(t.clock.now());
    // Only the tombstone stays (team id, status, dates): a late request can't recreate data.
    expect(await rowsOf(A, ["workspaces"])).toEqual({});
    expect(await workspaceRow(A)).toMatchObject({ status: "purged", purge_after: null });
    expect(await rowsOf(B, scheduling)).toEqual(bBefore);
    expect((await rowsOf(B)).schedules).toHaveLength(1);
  });

  it("a stop made by another process: one more request may pass on the expired answer, which is re-read after its ack", async () => {
    const first = await t.slack.command("/backlog", "", { userId: PO_A, channelId: CHANNEL_A });
    expect(JSON.stringify(first.json ?? "")).not.toContain("stopped"); // A is active, and cached so
    await t.bot.settle();
    // Another replica handles the uninstall: only the database knows.
    const other = createWorkspaceStore(t.db.db);
    await other.markStopped(A, "app uninstalled", t.clock.now(), new Date("2026-12-31T10:00:00Z"));
    t.clock.advance(5_000);
    // The cached answer has expired: this request is let through without waiting for the database…
    const passed = await t.slack.command("/backlog", "", { userId: PO_A, channelId: CHANNEL_A });
    expect(JSON.stringify(passed.json ?? "")).not.toContain("stopped");
    await t.bot.settle();
    // …and the re-read that followed its ack stops the next one in its ack.
    const refused = await t.slack.command("/backlog", "", { userId: PO_A, channelId: CHANNEL_A });
    expect(JSON.stringify(refused.json)).toContain("scrumbot is stopped in this workspace (app uninstalled)");
  });

  it("a reinstall within the grace period resumes where it stopped", async () => {
    await setUpWorkspace(A, PO_A, CHANNEL_A);
    await uninstall(A);
    await t.bot.settle();
    await t.bot.jobs.tick(THURSDAY_1400); // paused: skipped

    expect(await t.bot.lifecycle.resumeWorkspace(A)).toBe(true);
    expect(await workspaceRow(A)).toMatchObject({ status: "active", reason: null, purge_after: null });
    // Next Thursday's agenda is posted again; the story is still there.
    t.clock.set("2026-12-10T13:00:00Z");
    await t.bot.jobs.tick(t.clock.now());
    await t.bot.settle();
    expect(t.fake.messagesIn(CHANNEL_A)).toHaveLength(1);
    expect((await runsOf(A)).map((r) => r.state)).toEqual(["skipped", "done"]);
    const res = await t.slack.command("/backlog", "", { userId: PO_A, channelId: CHANNEL_A });
    expect(JSON.stringify(res.json ?? "")).not.toContain("stopped");
    const reply = await t.fake.waitForResponse((r) => JSON.stringify(r.body).includes("Story of T0001"));
    expect(reply).toBeDefined();
  });

  it("single-token mode: a start whose bot token works resumes the workspace it belongs to", async () => {
    const tmp = tempDatabasePath();
    extraDirs.push(dirname(tmp.path));
    await t.stop();
    t = await startTestApp({ databasePath: tmp.path, scheduling: { jobs: { timers: false } } });
    await uninstall(A);
    await t.bot.settle();
    expect(await workspaceRow(A)).toMatchObject({ status: "uninstalled" });
    const fake = t.fake;
    await t.bot.stop(1000);
    await t.db.dispose();
    // The operator installed again and configured the new token: auth.test confirms it.
    t = await startTestApp({ databasePath: tmp.path, fake, scheduling: { jobs: { timers: false } } });
    expect(await workspaceRow(A)).toMatchObject({ status: "active" });
    await fake.stop();
  });

  it("npm run cli -- purge --team: asks for the team id, prints rows per table, deletes only that team", async () => {
    await setUpWorkspace(A, PO_A, CHANNEL_A);
    await setUpWorkspace(B, PO_B, CHANNEL_B);
    const bBefore = await rowsOf(B);
    const io = (answer: string | null) => {
      const out: string[] = [];
      const err: string[] = [];
      return {
        out,
        err,
        io: {
          stdout: (s: string) => out.push(s),
          stderr: (s: string) => err.push(s),
          env: {},
          clock: new FakeClock("2026-12-02T09:00:00Z"),
          ...(answer === null ? {} : { prompt: async () => answer }),
        },
      };
    };
    // No terminal and no --yes: refused. A wrong answer: refused. Nothing deleted either time.
    const noTty = io(null);
    expect(await runCli(["purge", "--team", A, "--db", t.db.path], noTty.io)).toBe(1);
    expect(noTty.err.join("")).toContain("add --yes");
    const wrong = io("T0002");
    expect(await runCli(["purge", "--team", A, "--db", t.db.path], wrong.io)).toBe(1);
    expect(wrong.err.join("")).toContain("Nothing deleted");
    expect((await rowsOf(A)).stories).toHaveLength(1);

    const right = io(` ${A} `);
    expect(await runCli(["purge", "--team", A, "--db", t.db.path], right.io)).toBe(0);
    expect(right.err.join("")).toMatch(
      /This deletes everything scrumbot holds for T0001: \d+ rows in \d+ tables/,
    );
    expect(right.err.join("")).toContain("has not uninstalled scrumbot");
    const printed = right.out.join("");
    expect(printed).toMatch(/^Deleted \d+ rows in \d+ tables of T0001:\n/);
    expect(printed).toMatch(/\n {2}stories +1\n/);
    expect(printed).toMatch(/\n {2}schedules +1\n/);
    expect(await rowsOf(A)).toEqual({});
    expect(await rowsOf(B)).toEqual(bBefore);

    // Again with --yes: nothing left to delete.
    const again = io(null);
    expect(await runCli(["purge", "--team", A, "--yes", "--db", t.db.path], again.io)).toBe(0);
    expect(again.out.join("")).toContain("Nothing stored for T0001");
  });
});
