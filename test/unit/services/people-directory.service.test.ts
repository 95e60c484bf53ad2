/**
 * The people directory over real SQLite and the fake Slack (tier limits on): one sweep however
 * many readers, a stale directory swept again, users.info only for the unknown, a failed sweep
 * falls back to what is stored, events (`remember`) reach the change listeners.
 */
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPeopleRepository } from "../../../src/db/people.repository.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { createLogger } from "../../../src/lib/logger.js";
import { createPeopleDirectory, SWEEP_LEASE_MS } from "../../../src/services/people-directory.service.js";
import type { PeopleDirectory, PersonChange } from "../../../src/services/user-directory.ports.js";
import { createSlackPeopleSource, parseSlackUser } from "../../../src/slack/user-directory.js";
import { singleTokenClients } from "../../../src/slack/workspace-clients.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { FakeSlack } from "../../support/fake-slack.js";

const T = "T0001";
let fake: FakeSlack;
let db: TestDatabase;
let clock: FakeClock;
let users: PeopleDirectory;
const logs: string[] = [];

beforeEach(async () => {
  fake = await FakeSlack.start({ tierLimits: true });
  for (let i = 0; i < 450; i++) fake.addUser({ id: `U${String(i).padStart(4, "0")}`, tz: "Asia/Tokyo" });
  fake.addUser({ id: "UADMIN", name: "Ada", tz: "Europe/Berlin", is_admin: true });
  fake.addUser({ id: "UGONE", deleted: true });
  db = await createTestDatabase("memory");
  clock = new FakeClock("2026-12-01T09:00:00Z");
  const client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  users = createPeopleDirectory({
    store: createPeopleRepository(db.db),
    source: createSlackPeopleSource(singleTokenClients(client)),
    clock,
    logger: createLogger("warn", (line) => logs.push(line)),
  });
});
afterEach(async () => {
  await db.dispose();
  await fake.stop();
});

describe("people directory", () => {
  it("fills from users.list pages once, however many readers ask at the same time", async () => {
    const ids = ["U0000", "U0449", "UADMIN", "UGONE", "USLACKBOT"];
    const answers = await Promise.all([users.getMany(T, ids), users.getMany(T, ids), users.getMany(T, ids)]);
    // 454 users (with Slackbot and the bot) → 3 pages of 200, once.
    expect(fake.callsTo("users.list")).toHaveLength(3);
    expect(fake.callsTo("users.info")).toHaveLength(0);
    for (const a of answers) {
      expect(a.get("U0449")?.timeZone).toBe("Asia/Tokyo");
      expect(a.get("UADMIN")).toMatchObject({ name: "Ada", isAdmin: true, deleted: false });
      expect(a.get("UGONE")?.deleted).toBe(true);
      expect(a.get("USLACKBOT")?.isBot).toBe(true);
    }
    expect(await users.isWorkspaceAdmin(T, "UADMIN")).toBe(true);
    expect(await users.isWorkspaceAdmin(T, "U0000")).toBe(false);
    expect(fake.callsTo("users.list")).toHaveLength(3);
  });

  it("asks users.info only about someone unknown, and remembers that Slack doesn't know an id", async () => {
    await users.getMany(T, ["U0000"]);
    fake.addUser({ id: "UNEW", name: "Nia", tz: "America/Lima" });
    const got = await users.getMany(T, ["U0001", "UNEW", "UNOBODY"]);
    expect(got.get("UNEW")?.timeZone).toBe("America/Lima");
    expect(got.get("UNOBODY")).toBeNull();
    expect(fake.callsTo("users.info").map((c) => c.args.user)).toEqual(["UNEW", "UNOBODY"]);
    await users.getMany(T, ["UNEW", "UNOBODY"]);
    expect(fake.callsTo("users.info")).toHaveLength(2);
  });

  it("sweeps again once the directory is an hour old (a zone changed while events were missed)", async () => {
    await users.getMany(T, ["U0000"]);
    const u = fake.workspace.users.get("U0000");
    if (u) u.tz = "Europe/Paris";
    clock.advance(30 * 60_000);
    expect((await users.getMany(T, ["U0000"])).get("U0000")?.timeZone).toBe("Asia/Tokyo");
    clock.advance(31 * 60_000);
    expect((await users.getMany(T, ["U0000"])).get("U0000")?.timeZone).toBe("Europe/Paris");
    expect(fake.callsTo("users.list")).toHaveLength(6);
  });

  it("checks a team's sweep time once until it is due (no people_syncs read per request), again for someone it lacks", async () => {
    await users.getMany(T, ["U0000"]);
    expect(fake.callsTo("users.list")).toHaveLength(3);
    // Without the stored sweep time, a reader that checked the database would sweep again.
    await db.db.deleteFrom("people_syncs").where("team_id", "=", T).execute();
    expect((await users.get(T, "U0001"))?.timeZone).toBe("Asia/Tokyo");
    await users.getMany(T, ["U0002"]);
    expect(fake.callsTo("users.list")).toHaveLength(3);
    // Someone the directory lacks (a purge, a newcomer): the stored time is read again.
    fake.addUser({ id: "UNEW", name: "Nia", tz: "America/Lima" });
    expect((await users.get(T, "UNEW"))?.timeZone).toBe("America/Lima");
    await users.getMany(T, ["U0003"]); // waits for the sweep that get started
    expect(fake.callsTo("users.list")).toHaveLength(6);
    // An hour after that sweep it is due again, cache or not.
    clock.advance(61 * 60_000);
    await users.getMany(T, ["U0000"]);
    expect(fake.callsTo("users.list")).toHaveLength(9);
  });

  it("get answers from memory for 60 s: what this replica stores shows at once, another replica's change within 60 s", async () => {
    const client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    // A second replica: its own directory over the same database.
    const other = createPeopleDirectory({
      store: createPeopleRepository(db.db),
      source: createSlackPeopleSource(singleTokenClients(client)),
      clock,
      logger: createLogger("warn", (line) => logs.push(line)),
    });
    await users.getMany(T, ["U0000"]);
    expect((await users.get(T, "U0000"))?.timeZone).toBe("Asia/Tokyo");
    const u = fake.workspace.users.get("U0000");
    if (u) u.tz = "Europe/Paris";
    const changed = parseSlackUser(fake.userEvent("user_change", "U0000").user);
    if (!changed) throw new Error("no user");
    await other.remember(T, changed); // the event reached the other replica
    expect((await other.get(T, "U0000"))?.timeZone).toBe("Europe/Paris");
    clock.advance(59_000);
    expect((await users.get(T, "U0000"))?.timeZone).toBe("Asia/Tokyo"); // stale, within 60 s
    clock.advance(2_000);
    expect((await users.get(T, "U0000"))?.timeZone).toBe("Europe/Paris");
    // A change this replica stores is what it answers at once.
    await users.remember(T, { ...changed, timeZone: "America/Lima" });
    expect((await users.get(T, "U0000"))?.timeZone).toBe("America/Lima");
  });

  /** Another replica: its own directory (own memory, own lease name) over the same database. */
  function replica(sweepPollMs = 20): PeopleDirectory {
    const client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    return createPeopleDirectory({
      store: createPeopleRepository(db.db),
      source: createSlackPeopleSource(singleTokenClients(client)),
      clock,
      logger: createLogger("warn", (line) => logs.push(line)),
      sweepPollMs,
    });
  }

  it("replicas that find the directory stale together make one sweep between them", async () => {
    const replicas = [users, replica(), replica()];
    // Slow pages: the others find the sweep running and wait for it rather than asking again.
    fake.delayNext("users.list", 150, 3);
    const answers = await Promise.all(replicas.map((r) => r.getMany(T, ["U0449", "UADMIN"])));
    expect(fake.callsTo("users.list")).toHaveLength(3);
    expect(fake.callsTo("users.info")).toHaveLength(0);
    for (const a of answers) expect(a.get("U0449")?.timeZone).toBe("Asia/Tokyo");
    expect(await db.db.selectFrom("people_sweeps").selectAll().execute()).toEqual([]);
    // An hour later, the same again: one sweep.
    clock.advance(61 * 60_000);
    fake.delayNext("users.list", 150, 3);
    await Promise.all(replicas.map((r) => r.getMany(T, ["U0449"])));
    expect(fake.callsTo("users.list")).toHaveLength(6);
  });

  it("a sweep whose replica died is taken over once its lease ends", async () => {
    const lease = { team_id: T, claimed_by: "people-directory:dead", lease_until: "" };
    lease.lease_until = new Date(clock.now().getTime() + SWEEP_LEASE_MS).toISOString();
    await db.db.insertInto("people_sweeps").values(lease).execute();
    const other = replica();
    let done = false;
    const answer = other.getMany(T, ["U0449"]).finally(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 200)); // ten looks at the lease
    expect(done).toBe(false);
    expect(fake.callsTo("users.list")).toHaveLength(0);
    clock.advance(SWEEP_LEASE_MS);
    expect((await answer).get("U0449")?.timeZone).toBe("Asia/Tokyo");
    expect(fake.callsTo("users.list")).toHaveLength(3);
    expect(fake.callsTo("users.info")).toHaveLength(0);
    expect(await db.db.selectFrom("people_sweeps").selectAll().execute()).toEqual([]);
  });

  it("a failed sweep: readers get what is stored, and it is not retried for a minute", async () => {
    await users.getMany(T, ["U0000"]);
    clock.advance(2 * 60 * 60_000);
    fake.failNext("users.list", "internal_error");
    expect((await users.getMany(T, ["U0000"])).get("U0000")?.timeZone).toBe("Asia/Tokyo");
    expect(logs.join("\n")).toContain("users.list sweep failed");
    await users.getMany(T, ["U0000"]);
    expect(fake.callsTo("users.list")).toHaveLength(4); // 3 pages + the failed one, no retry yet
    clock.advance(61_000);
    await users.getMany(T, ["U0000"]);
    expect(fake.callsTo("users.list")).toHaveLength(7);
  });

  it("remember (user_change / team_join) stores the person and tells the listeners what changed", async () => {
    await users.getMany(T, ["U0000"]);
    const changes: PersonChange[] = [];
    users.onChange(async (c) => {
      changes.push(c);
    });
    users.onChange(async () => {
      throw new Error("a broken listener");
    });
    const u = fake.workspace.users.get("U0000");
    if (u) u.tz = "America/New_York";
    const person = parseSlackUser(fake.userEvent("user_change", "U0000").user);
    expect(person).not.toBeNull();
    if (person) await users.remember(T, person);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.before?.timeZone).toBe("Asia/Tokyo");
    expect(changes[0]?.after.timeZone).toBe("America/New_York");
    expect(logs.join("\n")).toContain("a change listener failed");
    expect((await users.get(T, "U0000"))?.timeZone).toBe("America/New_York");
  });

  it("parseSlackUser refuses what isn't a user", () => {
    expect(parseSlackUser(undefined)).toBeNull();
    expect(parseSlackUser({ id: "not an id" })).toBeNull();
    expect(
      parseSlackUser({ id: "U1", tz: null, profile: { display_name: "" }, real_name: "Bo" }),
    ).toMatchObject({
      id: "U1",
      name: "Bo",
      timeZone: null,
    });
  });
});
