/**
 * Fair to every workspace: the outbox paces each workspace on its own budget and serves them in
 * turn, over real SQLite and the fake Slack. The fake counts a DM to `UA…` against workspace A
 * and one to `UB…` against B (its tier limits are per workspace).
 */

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOutboxLaneRepository } from "../../../src/db/outbox-lanes.repository.js";
import { createPacingRepository } from "../../../src/db/pacing.repository.js";
import { createSchedulingUnitOfWork } from "../../../src/db/scheduling-stores.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { createLogger } from "../../../src/lib/logger.js";
import { createOutboxService, type OutboxService } from "../../../src/services/outbox.service.js";
import { createWorkspacePacer, type PacingOptions } from "../../../src/services/outbox-pacing.js";
import { createOutboxSender, createOutboxWebClient } from "../../../src/slack/outbox-sender.js";
import { singleTokenClients } from "../../../src/slack/workspace-clients.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { FakeSlack, type RecordedCall } from "../../support/fake-slack.js";

const logger = createLogger("silent");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("outbox fairness between workspaces", () => {
  let fake: FakeSlack;
  let db: TestDatabase;
  let current: { outbox: OutboxService; drains: Promise<unknown>[] } | undefined;
  beforeAll(async () => {
    fake = await FakeSlack.start({ workspaceOf: ({ args }) => String(args.channel).slice(0, 2) });
  });
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.clearCalls();
    fake.clearRateLimit();
    db = await createTestDatabase("memory");
  });
  afterEach(async () => {
    // Nothing may still be writing when the database goes away.
    current?.outbox.stop();
    await Promise.allSettled(current?.drains ?? []);
    current = undefined;
    await db.dispose();
  });

  function outboxWith(pacing: PacingOptions): OutboxService {
    const client = createOutboxWebClient({ slackBotToken: "xoxb-test", slackApiUrl: fake.apiUrl });
    const outbox = createOutboxService({
      uow: createSchedulingUnitOfWork(db.db),
      lanes: createOutboxLaneRepository(db.db),
      transport: createOutboxSender({ clients: singleTokenClients(client), logger, pacing }),
      pacer: createWorkspacePacer({ store: createPacingRepository(db.db), options: pacing }),
      clock: new FakeClock("2026-11-30T08:00:00Z"),
      logger,
    });
    current = { outbox, drains: [] };
    return outbox;
  }
  const drain = (outbox: OutboxService) => {
    const p = outbox.drain();
    current?.drains.push(p);
    return p;
  };
  const dms = (team: string, prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      teamId: team,
      channel: `${prefix}${String(i).padStart(4, "0")}`,
      text: `hello ${i}`,
      idempotencyKey: `dm:${i}`,
    }));
  const sent = (prefix: string) =>
    fake
      .callsTo("chat.postMessage")
      .filter((c) => c.response.ok && String(c.args.channel).startsWith(prefix));
  const last = (calls: RecordedCall[]) => Math.max(...calls.map((c) => c.at));

  it("sends B's messages while A's fan-out is paced, without waiting for it", async () => {
    // 10 a second per workspace: A's 60 DMs take ~6 s.
    const outbox = outboxWith({ workspacePerSecond: 10 });
    await outbox.enqueueMany(dms("TA", "UA", 60));
    const aDrain = drain(outbox);
    await sleep(300);
    const enqueuedB = Date.now();
    await outbox.enqueueMany(dms("TB", "UB", 5));
    const bDrain = drain(outbox);
    await fake.waitFor("chat.postMessage", () => sent("UB").length === 5, 10_000);
    // B took its own budget's time (5 at 10 a second), not a place behind A's 60 (~6 s).
    expect(last(sent("UB")) - enqueuedB).toBeLessThan(3000);
    expect(sent("UA").length).toBeLessThan(60);
    const stats = await Promise.all([aDrain, bDrain]);
    expect(stats[1]).toMatchObject({ failed: 0 });
    expect(sent("UA")).toHaveLength(60);
    expect(last(sent("UA"))).toBeGreaterThan(last(sent("UB")));
  }, 20_000);

  it("holds only workspace A after A's 429: B's messages go out during A's Retry-After", async () => {
    // Slack allows 5 posts a second per workspace; the app tries 20: A runs into a 429 (Retry-After 3 s).
    fake.setRateLimit("chat.postMessage", { perSecond: 5, retryAfterSeconds: 3 });
    const outbox = outboxWith({ workspacePerSecond: 20 });
    await outbox.enqueueMany(dms("TA", "UA", 12));
    const aDrain = drain(outbox);
    const limited = await fake.waitFor("chat.postMessage", (c) => c.status === 429, 5000);
    expect(String(limited.args.channel)).toMatch(/^UA/);
    await outbox.enqueueMany(dms("TB", "UB", 4));
    void drain(outbox);
    await fake.waitFor("chat.postMessage", () => sent("UB").length === 4, 10_000);
    // B was delivered inside A's hold; A sent nothing new in that hold but what was already on its way.
    expect(sent("UB")).toHaveLength(4);
    expect(last(sent("UB"))).toBeLessThan(limited.at + 3000);
    expect(
      fake
        .callsTo("chat.postMessage")
        .filter((c) => String(c.args.channel).startsWith("UB") && c.status === 429),
    ).toEqual([]);
    const aInHold = fake
      .callsTo("chat.postMessage")
      .filter(
        (c) => String(c.args.channel).startsWith("UA") && c.at > limited.at + 500 && c.at < limited.at + 2990,
      );
    expect(aInHold).toEqual([]);
    await aDrain;
    expect(sent("UA")).toHaveLength(12);
  }, 30_000);
});
