/**
 * The people directory end to end (signed HTTP, the fake Slack enforcing Slack's tier limits, real
 * SQLite, the injected clock): a big standup is set up from one `users.list` sweep with no
 * `users.info` per person; `team_join` adds someone without a look-up; `user_change` with a new
 * zone moves that person's prompt at once.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StandupIds } from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { fillModal } from "../support/modal.js";

const OWNER = "U0BEN"; // Berlin
const DAN = "U0DAN"; // Berlin, then New York
const CHANNEL = "C0TEAM";
const many = (n: number) => Array.from({ length: n }, (_, i) => `U9${String(i).padStart(5, "0")}`);

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({
    now: "2026-11-29T12:00:00Z", // a Sunday
    fakeOptions: { tierLimits: true },
    scheduling: {
      jobs: { timers: false },
      pacing: { workspacePerSecond: 1000, perChannelPerSecond: 1000, channelBurst: 1000 },
    },
  });
  t.fake.addUser({ id: OWNER, name: "Ben", tz: "Europe/Berlin" });
  t.fake.addUser({ id: DAN, name: "Dan", tz: "Europe/Berlin" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
});
afterEach(() => t.stop());

async function at(iso: string) {
  t.clock.set(iso);
  await t.bot.jobs.tick(new Date(iso));
  await t.bot.settle();
}

const prompts = (user: string) =>
  t.fake
    .callsTo("chat.postMessage")
    .filter(
      (c) => c.args.channel === user && c.response.ok && JSON.stringify(c.args).includes("Time for your"),
    );

async function setUp(participants: string[]) {
  await t.slack.command("/standup", "setup", { userId: OWNER, channelId: CHANNEL });
  const open = await t.fake.waitFor("views.open");
  const view = open.response.view as Record<string, unknown>;
  const values = fillModal(view, {
    [StandupIds.nameBlock]: "Squad A",
    [StandupIds.channelBlock]: CHANNEL,
    [StandupIds.participantsBlock]: participants,
    [StandupIds.timeBlock]: "09:00",
    [StandupIds.closeAfterBlock]: "240",
    [StandupIds.reminderBlock]: "60",
  });
  const res = await t.slack.viewSubmission({ userId: OWNER, view, values });
  expect(res.status).toBe(200);
  expect(res.body).toBe("");
  await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === OWNER, 30_000);
  await t.bot.settle();
}

describe("people directory", () => {
  it("sets up a 300-person standup from users.list pages: no users.info for known people, no 429", {
    timeout: 60_000,
  }, async () => {
    const people = many(300);
    for (const id of people) t.fake.addUser({ id, tz: "America/New_York" });
    await setUp([OWNER, ...people]);

    // Only the owner's first request (the setup modal) asked Slack about one person, rather than
    // waiting for the sweep it started; the 300 came from users.list.
    expect(t.fake.callsTo("users.info").map((c) => c.args.user)).toEqual([OWNER]);
    // 304 users in the workspace (with Slackbot and the bot) → 2 pages of 200.
    expect(t.fake.callsTo("users.list").filter((c) => c.response.ok)).toHaveLength(2);
    expect(t.fake.rateLimitedCount).toBe(0);
    const stored = await t.db.db.selectFrom("people").select("user_id").execute();
    expect(stored.length).toBe(304);
    // Everyone got a schedule in their own zone.
    const zones = await t.db.db
      .selectFrom("schedules")
      .select("time_zone")
      .where("job_kind", "=", "standup.prompt")
      .execute();
    expect(zones.filter((z) => z.time_zone === "America/New_York")).toHaveLength(300);

    // Monday 09:00 New York: 300 prompts (the DM cap is bench:fanout's business), no per-person look-up.
    t.fake.clearRateLimit("chat.postMessage");
    await at("2026-11-30T14:00:00Z");
    expect(people.filter((u) => prompts(u).length === 1)).toHaveLength(300);
    expect(t.fake.callsTo("users.info")).toHaveLength(1);
  });

  it("someone who joined after the sweep is added by team_join, not looked up; a stranger costs one users.info", async () => {
    await setUp([OWNER, DAN]);
    const newcomer = "U0NEW";
    t.fake.addUser({ id: newcomer, name: "Nia", tz: "Asia/Tokyo" });
    const joined = await t.slack.event(t.fake.userEvent("team_join", newcomer));
    expect(joined.status).toBe(200);
    await t.bot.settle();
    const row = await t.db.db
      .selectFrom("people")
      .selectAll()
      .where("user_id", "=", newcomer)
      .executeTakeFirst();
    expect(row).toMatchObject({ name: "Nia", time_zone: "Asia/Tokyo", deleted: 0 });

    const stranger = "U0STRANGE";
    t.fake.addUser({ id: stranger, tz: "Europe/Paris" }); // no event: the directory doesn't know them
    t.fake.clearCalls();
    await setUp([OWNER, newcomer, stranger]); // a second standup
    expect(t.fake.callsTo("users.info").map((c) => c.args.user)).toEqual([stranger]);
    const zone = await t.db.db
      .selectFrom("schedules")
      .select("time_zone")
      .where("ref_id", "like", `%:${newcomer}`)
      .where("job_kind", "=", "standup.prompt")
      .executeTakeFirstOrThrow();
    expect(zone.time_zone).toBe("Asia/Tokyo");
  });

  it("a user_change with a new zone moves their prompt at once (Berlin → New York: 09:00 New York)", async () => {
    await setUp([OWNER, DAN]);
    const dan = t.fake.workspace.users.get(DAN);
    if (dan) dan.tz = "America/New_York";
    const res = await t.slack.event(t.fake.userEvent("user_change", DAN));
    expect(res.status).toBe(200);
    await t.bot.settle();
    const schedule = await t.db.db
      .selectFrom("schedules")
      .select(["time_zone"])
      .where("job_kind", "=", "standup.prompt")
      .where("ref_id", "like", `%:${DAN}`)
      .executeTakeFirstOrThrow();
    expect(schedule.time_zone).toBe("America/New_York");

    await at("2026-11-30T08:00:00Z"); // 09:00 Berlin: Ben, not Dan
    expect(prompts(OWNER)).toHaveLength(1);
    expect(prompts(DAN)).toHaveLength(0);
    await at("2026-11-30T14:00:00Z"); // 09:00 New York
    expect(prompts(DAN)).toHaveLength(1);
    // Nobody but the owner (first request, before the sweep) was looked up one by one.
    expect(t.fake.callsTo("users.info").map((c) => c.args.user)).toEqual([OWNER]);
  });

  it("moved east after today's prompt time there: today's prompt goes out now, not skipped", async () => {
    const cara = "U0CARA";
    t.fake.addUser({ id: cara, name: "Cara", tz: "America/New_York" });
    await setUp([OWNER, cara]);
    t.clock.set("2026-11-30T09:30:00Z"); // Monday 10:30 Berlin, 04:30 New York
    const user = t.fake.workspace.users.get(cara);
    if (user) user.tz = "Europe/Berlin";
    await t.slack.event(t.fake.userEvent("user_change", cara));
    await t.bot.settle();
    await at("2026-11-30T09:31:00Z");
    expect(prompts(cara)).toHaveLength(1);
    await at("2026-11-30T14:00:00Z"); // the New York schedule is gone
    expect(prompts(cara)).toHaveLength(1);
    await at("2026-12-01T08:00:00Z"); // Tuesday 09:00 Berlin
    expect(prompts(cara)).toHaveLength(2);
  });
});
