/**
 * Three replicas (child processes running the real app) on ONE PostgreSQL schema and one fake
 * Slack deliver a 1,000-DM fan-out; one replica is SIGKILLed midway. Nothing is lost; a message is
 * sent twice only if the dead replica held its claim (a pass: at most the outbox's concurrency, 16);
 * the survivors take those rows over once their lease ends, not before, within lease + one poll.
 *
 * PostgreSQL only: SQLite serves one process (its claims don't wait for leases).
 * Knobs: OUTBOX_REPLICAS_N (messages, default 1000), OUTBOX_REPLICAS_LEASE_MS (default 6000).
 */
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import { onPostgres, tempDatabasePath } from "../support/db.js";
import { FakeSlack } from "../support/fake-slack.js";
import { type RunningProcess, startProcess } from "../support/process.js";

const N = Number(process.env.OUTBOX_REPLICAS_N ?? 1000);
const LEASE_MS = Number(process.env.OUTBOX_REPLICAS_LEASE_MS ?? 6000);
/** The outbox poll (the job runner's tick) and a pass's claim (the outbox's concurrency), both defaults. */
const POLL_MS = 2000;
const PASS_ROWS = 16;
/** Room for a loaded 2-core machine between "due" and "sent" (a poll late, a slow claim). */
const SLACK_MS = 6000;

describe.skipIf(!onPostgres)("outbox with three replicas on PostgreSQL", () => {
  let fake: FakeSlack | undefined;
  let dbPath: ReturnType<typeof tempDatabasePath> | undefined;
  const replicas: RunningProcess[] = [];

  afterEach(async () => {
    for (const r of replicas.splice(0))
      if (r.child.exitCode === null && r.child.signalCode === null) {
        r.child.kill("SIGKILL");
        await r.exited;
      }
    await fake?.stop();
    dbPath?.cleanup();
  });

  it("a SIGKILLed replica mid-fan-out: all delivered, duplicates only of what it held, taken over after its lease", async () => {
    // A little latency per call, so sends are really in flight when the replica dies.
    fake = await FakeSlack.start({ latency: { minMs: 10, maxMs: 40 } });
    const slack = fake;
    dbPath = tempDatabasePath();
    const db = openDatabase(dbPath.path, { poolSize: 2 });
    try {
      // Each replica its own token, so the fake tells who sent what (pacing is per team, shared).
      const env = (i: number, n: number) => ({
        SLACK_API_URL: slack.apiUrl,
        SLACK_BOT_TOKEN: `xoxb-replica-${i}`,
        DATABASE_URL: dbPath?.path ?? "",
        FANOUT_N: String(n),
        PACING_PER_SECOND: "150",
        OUTBOX_LEASE_MS: String(LEASE_MS),
      });
      // All three start together on the empty schema (one migrates, the others wait for it).
      const t0 = Date.now();
      for (const i of [0, 1, 2])
        replicas.push(startProcess("test/support/outbox-fanout-child.ts", env(i, 0)));
      await waitUntil(
        () => replicas.every((r) => r.stdout().includes("started")),
        60_000,
        () => `three replicas started (${replicas.map((r) => r.stderr()).join("; ")})`,
      );
      const startedMs = Date.now() - t0;
      // The fan-out, stored at once as a standup's 09:00 prompts would be (one statement: the
      // test is about sending); each replica finds it on its next poll.
      const at = new Date().toISOString();
      await db.db
        .insertInto("outbox")
        .values(
          Array.from({ length: N }, (_, i) => {
            const user = `U${String(i).padStart(5, "0")}`;
            return {
              team_id: "T0001",
              idempotency_key: `fanout:${user}`,
              channel: user,
              text: `fanout ${user}`,
              state: "pending",
              attempts: 0,
              next_attempt_at: at,
              created_at: at,
              updated_at: at,
            };
          }),
        )
        .execute();
      const enqueuedAt = Date.now();

      const accepted = () => slack.callsTo("chat.postMessage").filter((c) => c.response.ok);
      const tokenOf = (i: number) => `xoxb-replica-${i}`;
      // Midway, once replicas 1 and 2 send too, kill one that holds claims right now.
      await waitUntil(
        () =>
          accepted().length >= N * 0.3 && [1, 2].every((i) => accepted().some((c) => c.token === tokenOf(i))),
        60_000,
        () =>
          `all three replicas sending (${accepted().length} sent; ${replicas.map((r, i) => `replica ${i}: ${r.stdout()} ${r.stderr()}`).join("; ")})`,
      );
      const victimIndex = 1;
      const victim = replicas[victimIndex];
      const pid = victim?.child.pid ?? 0;
      const claimedBy = `%:${pid}:%`;
      const held = async () =>
        Number(
          (
            await db.db
              .selectFrom("outbox")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .where("state", "=", "pending")
              .where("claimed_by", "like", claimedBy)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const deadline = performance.now() + 20_000;
      while ((await held()) === 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      victim?.child.kill("SIGKILL");
      const killedAt = Date.now();
      expect((await victim?.exited)?.signal).toBe("SIGKILL");
      const sentBeforeKill = accepted().length;
      const killMs = killedAt - enqueuedAt;
      expect(sentBeforeKill).toBeLessThan(N);

      // What the dead replica held: still pending, claimed by it, leased until some instant.
      const stranded = await db.db
        .selectFrom("outbox")
        .select(["channel", "lease_until"])
        .where("state", "=", "pending")
        .where("claimed_by", "like", claimedBy)
        .execute();
      expect(stranded.length, "the replica held claims when it died").toBeGreaterThan(0);
      expect(stranded.length).toBeLessThanOrEqual(PASS_ROWS);
      const leaseEnds = stranded.map((r) => Date.parse(String(r.lease_until)));
      // The lease ran from its last claim or heartbeat: it ends within a lease of the kill.
      for (const end of leaseEnds) expect(end).toBeLessThanOrEqual(killedAt + LEASE_MS);

      const users = () => new Set(accepted().map((c) => String(c.args.channel)));
      const strandedChannels = new Set(stranded.map((r) => r.channel));
      // A stranded row the victim had sent just before it died already reached its user, so every
      // user can have a message before the survivors take that row over: wait for the takeovers too.
      const takenOver = () =>
        new Set(
          accepted()
            .filter((c) => c.token !== tokenOf(1) && strandedChannels.has(String(c.args.channel)))
            .map((c) => String(c.args.channel)),
        );
      await waitUntil(
        () => users().size >= N && takenOver().size >= strandedChannels.size,
        LEASE_MS + POLL_MS + 30_000,
        () =>
          `all ${N} users (have ${users().size}) and ${strandedChannels.size} takeovers (have ${takenOver().size}; ${replicas[2]?.stderr()})`,
      );
      const doneAt = Date.now();

      const calls = accepted();
      const perUser = new Map<string, number>();
      for (const c of calls)
        perUser.set(String(c.args.channel), (perUser.get(String(c.args.channel)) ?? 0) + 1);
      expect(perUser.size).toBe(N); // nothing lost
      const doubled = [...perUser].filter(([, n]) => n > 1).map(([channel]) => channel);
      // Only what the dead replica held can be doubled, each at most once.
      expect(doubled.filter((c) => !strandedChannels.has(c))).toEqual([]);
      expect(Math.max(0, ...perUser.values())).toBeLessThanOrEqual(2);
      expect(doubled.length).toBeLessThanOrEqual(stranded.length);

      // The survivors took the stranded rows over after the lease, not before, within one poll.
      const takeovers = calls.filter(
        (c) => strandedChannels.has(String(c.args.channel)) && c.token !== tokenOf(1),
      );
      expect(takeovers).toHaveLength(stranded.length);
      for (const c of takeovers) {
        const lease = stranded.find((r) => r.channel === c.args.channel)?.lease_until;
        expect(c.at).toBeGreaterThanOrEqual(Date.parse(String(lease)));
      }
      const lastTakeover = Math.max(...takeovers.map((c) => c.at));
      expect(lastTakeover).toBeLessThanOrEqual(Math.max(...leaseEnds) + POLL_MS + SLACK_MS);

      // Every replica sent a share; the database agrees: every row sent, with Slack's ts, unclaimed.
      for (const i of [0, 1, 2]) expect(calls.some((c) => c.token === tokenOf(i))).toBe(true);
      // Slack has every message; a survivor may still be recording its last answers (the call
      // returned, the row's update not yet committed): give the database a moment to agree.
      const settledBy = performance.now() + 10_000;
      let rows = await db.db.selectFrom("outbox").select(["state", "ts", "claimed_by"]).execute();
      while (rows.some((r) => r.state === "pending") && performance.now() < settledBy) {
        await new Promise((r) => setTimeout(r, 50));
        rows = await db.db.selectFrom("outbox").select(["state", "ts", "claimed_by"]).execute();
      }
      expect(rows).toHaveLength(N);
      expect(rows.filter((r) => r.state !== "sent" || r.ts === null || r.claimed_by !== null)).toEqual([]);
      console.info(
        `outbox replicas: started in ${startedMs} ms; ${sentBeforeKill}/${N} sent before SIGKILL ` +
          `(${killMs} ms after the enqueue); the dead replica held ${stranded.length} ` +
          `row(s); ${doubled.length} sent twice; last takeover ${lastTakeover - killedAt} ms after the kill ` +
          `(lease ${LEASE_MS} ms); all delivered ${doneAt - killedAt} ms after it`,
      );
    } finally {
      await db.close();
    }
  }, 120_000);
});

async function waitUntil(probe: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!probe()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
