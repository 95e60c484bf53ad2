/**
 * Issue 14, several replicas: three replicas of the app as child processes (`replica-child.ts`:
 * main.ts's start-up with a shifted clock and fast pacing) on ONE PostgreSQL database and one fake
 * Slack. 1,000 standup answers spread round-robin over them: each saved once, ONE parent report
 * (the first post is decided under the report's render lease in the database, not per process),
 * the thread complete with one reply per person, and the parent's last render counts every answer
 * although the answers (and so the refresh requests) landed on different replicas.
 *
 * The replicas start together at 07:00Z on an empty database; the standup is set up through them;
 * then every replica's clock jumps to 08:00Z (09:00 Berlin) at once and their timers race for the
 * 1,000 prompt occurrences, each of which runs once (one prompt DM per person).
 *
 * REPLICA_PEOPLE sets the size: default 150, which fits the 90 s budget on a busy 2-core box;
 * REPLICA_PEOPLE=1000 is the figure (minutes there: 1,000 prompt jobs and 2,000 messages
 * through three processes sharing two cores). PostgreSQL only: several processes on one SQLite
 * file is not a supported deployment (docs/postgresql.md).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { StandupIds } from "../../src/slack/ids.js";
import { TEST_SIGNING_SECRET } from "../support/app-harness.js";
import { onPostgres, openTestDatabaseAt, tempDatabasePath } from "../support/db.js";
import { FakeSlack, type RecordedCall } from "../support/fake-slack.js";
import { fillModal } from "../support/modal.js";
import { freePort, type RunningProcess, startProcess, waitForStatus } from "../support/process.js";
import { createSlackRequester } from "../support/slack-requests.js";

const PEOPLE = Number(process.env.REPLICA_PEOPLE ?? 150);
/** Waits grow with the size: on a loaded 2-core box 1,000 people take minutes, 200 well under 90 s. */
const budgetMs = (perPerson: number) => 30_000 + PEOPLE * perPerson;
const CHANNEL = "C0STAND";
const OWNER = "U0OWNER";

const replicas: RunningProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const p of replicas.splice(0)) {
    if (p.child.exitCode === null) {
      p.child.kill("SIGTERM");
      await p.exited;
    }
  }
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Polls `check` until it returns true (or fails with `what` after `timeoutMs`). */
async function until(what: () => string, check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!onPostgres)("standup report across replicas (PostgreSQL: several processes)", () => {
  it(
    `${PEOPLE} answers over three replicas: each saved once, one parent report, the thread complete`,
    async () => {
      const fake = await FakeSlack.start();
      cleanups.push(() => fake.stop());
      const dbPath = tempDatabasePath();
      cleanups.push(dbPath.cleanup);
      const users = Array.from({ length: PEOPLE }, (_, i) => `U${String(i).padStart(5, "0")}`);
      fake.addUser({ id: OWNER, name: "owner", tz: "Europe/Berlin" });
      for (const [i, id] of users.entries()) fake.addUser({ id, name: `person ${i}`, tz: "Europe/Berlin" });
      fake.addChannel({ id: CHANNEL, name: "standup", botIsMember: true });

      // Three replicas started together at 07:00Z (08:00 Berlin) on an empty database.
      const clockFile = join(dbPath.dir, "clock");
      const offset = Date.parse("2026-11-30T07:00:00Z") - Date.now();
      const ports = [await freePort(), await freePort(), await freePort()];
      for (const port of ports) {
        replicas.push(
          startProcess("test/support/replica-child.ts", {
            SLACK_BOT_TOKEN: "xoxb-test",
            SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
            SLACK_API_URL: fake.apiUrl,
            PORT: String(port),
            DATABASE_URL: dbPath.path,
            DATABASE_POOL_SIZE: "5",
            LOG_LEVEL: "error",
            CLOCK_OFFSET_MS: String(offset),
            CLOCK_FILE: clockFile,
          }),
        );
      }
      await Promise.all(
        ports.map((port, i) => waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 60_000, replicas[i])),
      );
      const slack = ports.map((port) =>
        createSlackRequester({
          appUrl: `http://127.0.0.1:${port}/slack/events`,
          signingSecret: TEST_SIGNING_SECRET,
          fake,
        }),
      );

      // Set up on one replica, submitted on another: the standup prompts at 09:00 Berlin.
      await slack[0]?.command("/standup", "setup", { userId: OWNER, channelId: CHANNEL });
      const setupView = (await fake.waitFor("views.open", undefined, 30_000)).response.view as Record<
        string,
        unknown
      >;
      await slack[1]?.viewSubmission({
        userId: OWNER,
        view: setupView,
        values: fillModal(setupView, {
          [StandupIds.channelBlock]: CHANNEL,
          [StandupIds.participantsBlock]: users,
          [StandupIds.timeBlock]: "09:00",
        }),
      });
      await fake.waitFor("chat.postMessage", (c) => c.args.channel === OWNER, budgetMs(100));

      // 09:00 Berlin in every replica at once: their timers race for the 1,000 prompt occurrences.
      writeFileSync(clockFile, "2026-11-30T08:00:00Z");
      for (const r of replicas) r.child.kill("SIGUSR2");
      const prompts = () =>
        fake.callsTo("chat.postMessage").filter((c) => users.includes(String(c.args.channel)));
      await until(
        () => `the prompts (${prompts().length} sent)`,
        () => prompts().length >= PEOPLE,
        budgetMs(150),
      );

      await slack[0]?.command("/standup", "", { userId: users[0] ?? "", channelId: CHANNEL });
      const answerView = (
        await fake.waitFor(
          "views.open",
          (c) => JSON.stringify(c.args.view ?? "").includes(StandupIds.answerView),
          30_000,
        )
      ).response.view as Record<string, unknown>;
      const values = fillModal(answerView, {
        [`${StandupIds.answerBlockPrefix}0`]: "Reviewed PRs",
        [`${StandupIds.answerBlockPrefix}1`]: "Payments refactor",
        [`${StandupIds.answerBlockPrefix}2`]: "none",
      });

      // Answers round-robin over the replicas, 30 in flight at a time.
      let next = 0;
      const failures: number[] = [];
      await Promise.all(
        Array.from({ length: 30 }, async () => {
          while (next < users.length) {
            const i = next++;
            const res = await slack[i % 3]?.viewSubmission({
              userId: users[i] ?? "",
              view: answerView,
              values,
            });
            if (res?.status !== 200) failures.push(i);
          }
        }),
      );
      expect(failures).toEqual([]);

      const db = await openTestDatabaseAt(dbPath.path);
      cleanups.push(() => db.close());
      const pendingRows = async () =>
        Number(
          (
            await db.db
              .selectFrom("outbox")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .where("state", "=", "pending")
              .executeTakeFirstOrThrow()
          ).n,
        );
      // A replica holding the report's render lease may still be rendering (it lets go when done).
      const rendering = async () =>
        (await db.db.selectFrom("standup_reports").select("refresh_claimed_by").executeTakeFirst())
          ?.refresh_claimed_by != null;
      const inChannel = () =>
        fake.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL && c.response.ok);
      await until(
        () => `the thread (${inChannel().length} posts in the channel, outbox pending)`,
        async () => inChannel().length >= PEOPLE + 1 && (await pendingRows()) === 0 && !(await rendering()),
        budgetMs(150),
      );

      const saved = await db.db
        .selectFrom("standup_answers")
        .select(["user_id", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("user_id")
        .execute();
      expect(saved).toHaveLength(PEOPLE);
      expect(saved.every((r) => Number(r.n) === 1)).toBe(true);

      const parents = inChannel().filter((c) => !c.args.thread_ts);
      expect(parents).toHaveLength(1);
      const parentTs = parents[0]?.response.ts;
      const replies = inChannel().filter((c) => c.args.thread_ts === parentTs);
      expect(replies).toHaveLength(PEOPLE);
      const named = new Set(replies.map((c) => /person \d+/.exec(JSON.stringify(c.args))?.[0]));
      expect(named.size).toBe(PEOPLE);

      // The parent as people see it last: its latest edit (or the post) counts every answer.
      const edits: RecordedCall[] = fake
        .callsTo("chat.update")
        .filter((c) => c.args.ts === parentTs && c.response.ok);
      const last = edits.at(-1) ?? parents[0];
      expect(String(last?.args.text)).toContain(`${PEOPLE} of ${PEOPLE} answered`);
      // Every occurrence ran once across the replicas: one prompt DM per person, none twice.
      expect(prompts()).toHaveLength(PEOPLE);
      expect(new Set(prompts().map((c) => c.args.channel)).size).toBe(PEOPLE);
    },
    60_000 + budgetMs(600),
  );
});
