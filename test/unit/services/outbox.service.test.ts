import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { claimOutboxRows } from "../../../src/db/outbox-claim.js";
import { createOutboxLaneRepository } from "../../../src/db/outbox-lanes.repository.js";
import { createPacingRepository } from "../../../src/db/pacing.repository.js";
import { createSchedulingUnitOfWork } from "../../../src/db/scheduling-stores.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { ValidationError } from "../../../src/lib/errors.js";
import { createLogger } from "../../../src/lib/logger.js";
import {
  createOutboxService,
  type OutboxOptions,
  type OutboxService,
} from "../../../src/services/outbox.service.js";
import { createWorkspacePacer } from "../../../src/services/outbox-pacing.js";
import {
  createOutboxSender,
  createOutboxWebClient,
  type OutboxSender,
} from "../../../src/slack/outbox-sender.js";
import { singleTokenClients } from "../../../src/slack/workspace-clients.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../../support/db.js";
import { FakeSlack } from "../../support/fake-slack.js";

const T = "T0001";
const logger = createLogger("silent");

describe("outbox service + Slack sender over real SQLite and the fake Slack", () => {
  let fake: FakeSlack;
  let db: TestDatabase;
  let clock: FakeClock;
  let sender: OutboxSender;
  let outbox: OutboxService;

  beforeAll(async () => {
    fake = await FakeSlack.start();
  });
  afterAll(() => fake.stop());

  beforeEach(async () => {
    fake.clearCalls();
    fake.clearRateLimit();
    db = await createTestDatabase("memory");
    clock = new FakeClock("2026-11-30T08:00:00Z");
    const client = createOutboxWebClient({ slackBotToken: "xoxb-test", slackApiUrl: fake.apiUrl });
    sender = createOutboxSender({
      clients: singleTokenClients(client),
      logger,
      pacing: { workspacePerSecond: 1000, channelBurst: 100, perChannelPerSecond: 100 },
    });
    outbox = makeOutbox();
  });
  afterEach(async () => {
    outbox.stop();
    await db.dispose();
  });

  function makeOutbox(options?: OutboxOptions, quickRetryBaseMs = 5): OutboxService {
    return createOutboxService({
      uow: createSchedulingUnitOfWork(db.db),
      lanes: createOutboxLaneRepository(db.db),
      transport: sender,
      pacer: createWorkspacePacer({
        store: createPacingRepository(db.db),
        options: { workspacePerSecond: 1000, channelBurst: 100, perChannelPerSecond: 100, quickRetryBaseMs },
      }),
      clock,
      logger,
      ...(options ? { options } : {}),
    });
  }

  /** Pending rows under a live claim now (the app's clock). */
  async function claimedNow(): Promise<{ id: number; lease_until: string | null }[]> {
    const rows = await db.db
      .selectFrom("outbox")
      .select(["id", "lease_until"])
      .where("state", "=", "pending")
      .where("claimed_by", "is not", null)
      .execute();
    return rows.filter((r) => r.lease_until !== null && Date.parse(r.lease_until) > clock.now().getTime());
  }

  const posts = () => fake.callsTo("chat.postMessage").filter((c) => c.response.ok);

  it("an author: posted under their name; without chat:write.customize as the bot with a name line, rechecked after an hour", async () => {
    const customized = createOutboxSender({
      clients: singleTokenClients(
        createOutboxWebClient({ slackBotToken: "xoxb-test", slackApiUrl: fake.apiUrl }),
      ),
      logger,
      now: () => clock.now().getTime(),
    });
    const box = createOutboxService({
      uow: createSchedulingUnitOfWork(db.db),
      lanes: createOutboxLaneRepository(db.db),
      transport: customized,
      pacer: createWorkspacePacer({
        store: createPacingRepository(db.db),
        options: { workspacePerSecond: 1000 },
      }),
      clock,
      logger,
    });
    const author = { name: "Ana <!here>", iconUrl: "https://avatars.example/ana.png" };
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "Shipped" } }];
    const send = async (key: string) => {
      await box.enqueue({
        teamId: T,
        channel: "C100",
        text: "Ana's standup",
        blocks,
        idempotencyKey: key,
        author,
      });
      await box.drain();
      return posts().at(-1)?.args;
    };
    fake.workspace.missingScopes.add("chat:write.customize");
    try {
      const asBot = await send("a1");
      expect(asBot?.username).toBeUndefined();
      expect(JSON.stringify(asBot?.blocks)).toContain('"text":"*Ana &lt;!here&gt;*"');
      // The sent row no longer names an author: Slack shows the bot (its edits keep the name line).
      const row = await db.db
        .selectFrom("outbox")
        .selectAll()
        .where("idempotency_key", "=", "a1")
        .executeTakeFirst();
      expect(row?.username).toBeNull();
      fake.workspace.missingScopes.delete("chat:write.customize"); // reinstalled with the scope
      clock.advance(59 * 60_000);
      expect((await send("a2"))?.username).toBeUndefined(); // still remembered as missing
      clock.advance(2 * 60_000);
      const again = await send("a3");
      expect(again?.username).toBe("Ana <!here>");
      expect(again?.icon_url).toBe("https://avatars.example/ana.png");
      expect(JSON.stringify(again?.blocks)).not.toContain("Ana");
    } finally {
      fake.workspace.missingScopes.delete("chat:write.customize");
    }
  });

  it("stores before sending, sends once per idempotency key, records Slack's ts and DM channel", async () => {
    const first = await outbox.enqueue({ teamId: T, channel: "U100", text: "hello", idempotencyKey: "k1" });
    expect(first).toMatchObject({ state: "pending", attempts: 0, ts: null });
    expect(fake.callsTo("chat.postMessage")).toHaveLength(0);
    const again = await outbox.enqueue({
      teamId: T,
      channel: "U100",
      text: "different",
      idempotencyKey: "k1",
    });
    expect(again.id).toBe(first.id);

    const stats = await outbox.drain();
    expect(stats.sent).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.args.text).toBe("hello");

    const record = await outbox.find(T, "k1");
    expect(record).toMatchObject({ state: "sent", attempts: 1, lastError: null });
    expect(record?.ts).toBe(posts()[0]?.response.ts);
    // Enqueue after sending is still a no-op, and a second drain sends nothing.
    await outbox.enqueue({ teamId: T, channel: "U100", text: "hello", idempotencyKey: "k1" });
    await outbox.drain();
    expect(posts()).toHaveLength(1);
    // Keys are per team.
    await outbox.enqueue({ teamId: "T0002", channel: "U100", text: "hello", idempotencyKey: "k1" });
    await outbox.drain();
    expect(posts()).toHaveLength(2);
  });

  it("posts a reply in its parent's thread after the parent, even when enqueued first", async () => {
    await outbox.enqueue({
      teamId: T,
      channel: "C1",
      text: "reply",
      idempotencyKey: "child",
      threadOfKey: "parent",
    });
    let stats = await outbox.drain();
    expect(stats.blocked).toBe(1);
    expect(posts()).toHaveLength(0);
    await outbox.enqueue({ teamId: T, channel: "C1", text: "parent", idempotencyKey: "parent" });
    stats = await outbox.drain();
    expect(posts().map((c) => c.args.text)).toEqual(["parent", "reply"]);
    const parent = await outbox.find(T, "parent");
    expect(posts()[1]?.args.thread_ts).toBe(parent?.ts);
    expect(fake.messagesIn("C1").find((m) => m.text === "reply")?.threadTs).toBe(parent?.ts);
  });

  it("coalesces updates: only the latest chat.update is sent, on the DM's real channel", async () => {
    await outbox.enqueue({ teamId: T, channel: "U200", text: "report v1", idempotencyKey: "report" });
    await outbox.drain();
    await outbox.enqueue({
      teamId: T,
      channel: "U200",
      text: "v2",
      idempotencyKey: "u2",
      updateOfKey: "report",
    });
    await outbox.enqueue({
      teamId: T,
      channel: "U200",
      text: "v3",
      idempotencyKey: "u3",
      updateOfKey: "report",
    });
    await outbox.drain();
    const updates = fake.callsTo("chat.update");
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args.text).toBe("v3");
    expect(updates[0]?.args.channel).toBe(fake.dmChannelFor("U200"));
    expect(fake.messagesIn("U200").map((m) => m.text)).toEqual(["v3"]);
    expect((await outbox.find(T, "u2"))?.lastError).toMatch(/superseded/);
  });

  it("marks permanent errors failed without retrying, and lists them as recent failures", async () => {
    fake.failNext("chat.postMessage", "not_in_channel");
    await outbox.enqueue({
      teamId: T,
      channel: "CPRODUCT",
      text: "digest",
      idempotencyKey: "d1",
      purpose: "stakeholder digest",
    });
    const stats = await outbox.drain();
    expect(stats.failed).toBe(1);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(await outbox.find(T, "d1")).toMatchObject({
      state: "failed",
      attempts: 1,
      lastError: "not_in_channel",
    });
    clock.advance(24 * 3600_000);
    await outbox.drain();
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
    const failures = await outbox.recentFailures(T);
    expect(failures).toEqual([
      expect.objectContaining({
        channel: "CPRODUCT",
        error: "not_in_channel",
        purpose: "stakeholder digest",
      }),
    ]);
  });

  it("fails a thread reply whose parent failed", async () => {
    fake.failNext("chat.postMessage", "is_archived");
    await outbox.enqueue({ teamId: T, channel: "C9", text: "p", idempotencyKey: "p" });
    await outbox.enqueue({ teamId: T, channel: "C9", text: "r", idempotencyKey: "r", threadOfKey: "p" });
    await outbox.drain();
    expect(await outbox.find(T, "r")).toMatchObject({ state: "failed", lastError: "thread_parent_failed" });
  });

  it("tells onFailed listeners once per message that failed for good (not for transient errors)", async () => {
    const seen: string[] = [];
    outbox.onFailed((f) => void seen.push(`${f.idempotencyKey}:${f.error}:${f.channel}`));
    outbox.onFailed(() => {
      throw new Error("a broken listener must not stop the others or the drain");
    });
    fake.failNext("chat.postMessage", "not_in_channel");
    await outbox.enqueue({ teamId: T, channel: "C9", text: "p", idempotencyKey: "p" });
    await outbox.enqueue({ teamId: T, channel: "C9", text: "r", idempotencyKey: "r", threadOfKey: "p" });
    await outbox.drain();
    fake.failNextHttp("chat.postMessage", 503, 5);
    await outbox.enqueue({ teamId: T, channel: "U1", text: "dm", idempotencyKey: "dm" });
    await outbox.drain();
    clock.advance(3600_000);
    await outbox.drain();
    expect(seen.sort()).toEqual(["p:not_in_channel:C9", "r:thread_parent_failed:C9"]);
    expect(await outbox.find(T, "dm")).toMatchObject({ state: "sent" });
  });

  it("retry sends a failed message again with new content; its thread replies can then be retried", async () => {
    fake.failNext("chat.postMessage", "not_in_channel");
    await outbox.enqueue({ teamId: T, channel: "C9", text: "old parent", idempotencyKey: "p" });
    await outbox.enqueue({ teamId: T, channel: "C9", text: "reply", idempotencyKey: "r", threadOfKey: "p" });
    await outbox.drain();
    expect(await outbox.retry(T, "nope")).toBe(false);
    expect(await outbox.retry(T, "p", { text: "new parent", blocks: [] })).toBe(true);
    expect(await outbox.retry(T, "p", { text: "twice", blocks: [] })).toBe(false); // pending now, not failed
    expect(await outbox.retry(T, "r")).toBe(true);
    await outbox.drain();
    const sent = posts();
    expect(sent.map((c) => c.args.text)).toEqual(["new parent", "reply"]);
    expect(sent[1]?.args.thread_ts).toBe(sent[0]?.response.ts);
    expect(await outbox.find(T, "p")).toMatchObject({ state: "sent", attempts: 1, lastError: null });
  });

  it("a quick retry of a 5xx waits out a 429 that came meanwhile, like any other call", async () => {
    outbox.stop();
    // The quick retry would go 300 ms after the 503; the 429's Retry-After is 1 s.
    outbox = makeOutbox(undefined, 300);
    fake.failNextHttp("chat.postMessage", 503, 1);
    fake.failNextHttp("chat.postMessage", 429, 1);
    await outbox.enqueue({ teamId: T, channel: "C1", text: "a", idempotencyKey: "a" });
    await outbox.enqueue({ teamId: T, channel: "C2", text: "b", idempotencyKey: "b" });
    await outbox.drain();
    expect(await outbox.find(T, "a")).toMatchObject({ state: "sent", attempts: 1 });
    expect(await outbox.find(T, "b")).toMatchObject({ state: "sent", attempts: 1 });
    const calls = fake.callsTo("chat.postMessage");
    const failed = calls.find((c) => c.status === 503);
    const limited = calls.find((c) => c.status === 429);
    if (!failed || !limited) throw new Error(`expected a 503 and a 429, got ${calls.map((c) => c.status)}`);
    const retry = calls.find((c) => c.args.channel === failed.args.channel && c.at > failed.at);
    expect(retry?.response.ok).toBe(true);
    // The hold starts when the outbox reads the 429, at or after the fake sent it.
    expect(retry?.at).toBeGreaterThanOrEqual(limited.at + 1000);
  });

  it("retries 5xx quickly within the attempt, then with backoff in the database, until sent", async () => {
    fake.failNextHttp("chat.postMessage", 503, 2);
    await outbox.enqueue({ teamId: T, channel: "C2", text: "a", idempotencyKey: "a" });
    await outbox.drain();
    expect(await outbox.find(T, "a")).toMatchObject({ state: "sent", attempts: 1 });
    expect(sender.stats.transientErrors).toBe(2);

    // More failures than the quick retries: the row waits (backoff from the injected clock).
    fake.failNextHttp("chat.postMessage", 500, 4);
    await outbox.enqueue({ teamId: T, channel: "C2", text: "b", idempotencyKey: "b" });
    await outbox.enqueue({ teamId: T, channel: "C2", text: "c", idempotencyKey: "c" });
    const stats = await outbox.drain();
    expect(stats.retried).toBe(1);
    expect(await outbox.find(T, "b")).toMatchObject({ state: "pending", attempts: 1, lastError: "http_500" });
    // Order within a conversation holds: "c" waits behind "b".
    expect(await outbox.find(T, "c")).toMatchObject({ state: "pending", attempts: 0 });
    await outbox.drain();
    expect((await outbox.find(T, "b"))?.state).toBe("pending");
    clock.advance(30_000);
    await outbox.drain();
    expect(await outbox.find(T, "b")).toMatchObject({ state: "sent", attempts: 2 });
    expect((await outbox.find(T, "c"))?.state).toBe("sent");
    expect(posts().map((c) => c.args.text)).toEqual(["a", "b", "c"]);
  });

  it("honours Retry-After on 429 without counting an attempt", async () => {
    fake.failNextHttp("chat.postMessage", 429, 1);
    await outbox.enqueue({ teamId: T, channel: "C3", text: "x", idempotencyKey: "x" });
    await outbox.drain();
    expect(sender.stats.rateLimited).toBe(1);
    expect(await outbox.find(T, "x")).toMatchObject({ state: "sent", attempts: 1 });
    const [limited, accepted] = fake.callsTo("chat.postMessage");
    expect(limited?.status).toBe(429);
    // The retry came after the Retry-After (1 s) had passed.
    expect((accepted?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it("a pass claims one batch (the concurrency): the rest stay free for other replicas", async () => {
    outbox = makeOutbox({ concurrency: 4, perTeamConcurrency: 4 });
    await outbox.enqueueMany(
      Array.from({ length: 12 }, (_, i) => ({
        teamId: T,
        channel: `U${i}`,
        text: `m${i}`,
        idempotencyKey: `m${i}`,
      })),
    );
    fake.delayNext("chat.postMessage", 400, 4);
    const drained = outbox.drain();
    await fake.waitForCount("chat.postMessage", 1);
    expect((await claimedNow()).length).toBe(4);
    expect((await drained).sent).toBe(12);
    expect(await claimedNow()).toEqual([]);
  });

  it("a slow send keeps its claim: the heartbeat renews the lease while the call is in flight", async () => {
    outbox = makeOutbox({ leaseMs: 300 });
    await outbox.enqueue({ teamId: T, channel: "U7", text: "slow", idempotencyKey: "slow" });
    fake.delayNext("chat.postMessage", 1200);
    const drained = outbox.drain();
    await fake.waitForCount("chat.postMessage", 1);
    // A minute passes for the app while Slack answers: the claim's first lease is long over.
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 400)); // a few heartbeats (every 100 ms)
    const [held] = await claimedNow();
    expect(Date.parse(String(held?.lease_until))).toBeGreaterThan(clock.now().getTime());
    // So another replica finds nothing to take over (PostgreSQL: SQLite has one process).
    if (onPostgres)
      expect(await claimOutboxRows(db.db, { now: clock.now(), limit: 10, claimant: "other" })).toEqual([]);
    expect((await drained).sent).toBe(1);
    expect(posts()).toHaveLength(1);
  });

  it("rejects messages Slack would refuse before storing them", async () => {
    await expect(
      outbox.enqueue({ teamId: T, channel: "C1", text: " ", idempotencyKey: "e" }),
    ).rejects.toThrow(ValidationError);
    await expect(
      outbox.enqueue({
        teamId: T,
        channel: "C1",
        text: "t",
        idempotencyKey: "e",
        blocks: new Array(51).fill({}),
      }),
    ).rejects.toThrow(ValidationError);
    expect(await outbox.find(T, "e")).toBeNull();
  });
});
