/**
 * The metrics registry on its own: PostgreSQL pool gauges (absent on SQLite), a scrape that
 * survives an unreachable database (the outbox gauges say NaN, never a wrong 0), and the
 * outbox transport wrapper's outcome counting.
 */
import { describe, expect, it } from "vitest";
import { createAppMetrics } from "../../../src/app/metrics.js";
import { FakeClock } from "../../../src/lib/clock.js";
import type { DeliveryResult } from "../../../src/services/outbox.service.js";

const clock = new FakeClock("2026-12-02T09:00:00Z");
const backlog = async () => ({ pending: 3, oldestCreatedAt: new Date("2026-12-02T08:58:00Z") });

describe("app metrics", () => {
  it("reports the pool's connections on PostgreSQL and nothing of a pool on SQLite", async () => {
    const pool = { totalCount: 4, idleCount: 1, waitingCount: 2 };
    const pg = createAppMetrics({ clock, mode: "http", dialect: "postgres", outboxBacklog: backlog, pool });
    const text = await pg.scrape();
    expect(text).toContain('scrumbot_db_pool_connections{state="total"} 4');
    expect(text).toContain('scrumbot_db_pool_connections{state="idle"} 1');
    expect(text).toContain('scrumbot_db_pool_connections{state="waiting"} 2');
    pool.waitingCount = 0; // read at each scrape, not once
    expect(await pg.scrape()).toContain('scrumbot_db_pool_connections{state="waiting"} 0');
    expect(text).toContain('scrumbot_info{mode="http",dialect="postgres"} 1');
    expect(text).toContain("scrumbot_outbox_pending 3");
    expect(text).toContain("scrumbot_outbox_oldest_pending_age_seconds 120");

    const sqlite = createAppMetrics({ clock, mode: "socket", dialect: "sqlite", outboxBacklog: backlog });
    expect(await sqlite.scrape()).not.toContain("scrumbot_db_pool_connections");
  });

  it("reports NaN for the outbox gauges while the database doesn't answer, and keeps the rest", async () => {
    let down = true;
    const metrics = createAppMetrics({
      clock,
      mode: "http",
      dialect: "sqlite",
      outboxBacklog: async () => {
        if (down) throw new Error("database is gone");
        return backlog();
      },
    });
    metrics.acked("command", "/story", 12);
    const text = await metrics.scrape();
    expect(text).toMatch(/^scrumbot_outbox_pending nan$/im);
    expect(text).toMatch(/^scrumbot_outbox_oldest_pending_age_seconds nan$/im);
    expect(text).toContain('scrumbot_ack_duration_seconds_count{surface="command",name="/story"} 1');
    down = false;
    expect(await metrics.scrape()).toMatch(/^scrumbot_outbox_pending 3$/m);
  });

  it("counts each outbox delivery by outcome through the transport wrapper", async () => {
    const metrics = createAppMetrics({ clock, mode: "http", dialect: "sqlite", outboxBacklog: backlog });
    const results: DeliveryResult[] = [
      { ok: false, retry: true, error: "ratelimited", retryAfterMs: 1000 },
      { ok: true, channel: "C1", ts: "1.1" },
      { ok: false, retry: true, error: "http_503" },
      { ok: false, retry: false, error: "not_in_channel" },
      { ok: true, channel: "C1", ts: "1.2" },
    ];
    const transport = metrics.meterOutbox({ deliver: async () => results.shift() as DeliveryResult });
    const request = {
      kind: "post",
      teamId: "T1",
      channel: "C1",
      text: "hi",
      blocks: null,
      threadTs: null,
    } as const;
    for (let i = 0; i < 5; i++) await transport.deliver(request);
    const text = await metrics.scrape();
    expect(text).toContain('scrumbot_outbox_deliveries_total{outcome="sent"} 2');
    expect(text).toContain('scrumbot_outbox_deliveries_total{outcome="retried"} 1');
    expect(text).toContain('scrumbot_outbox_deliveries_total{outcome="failed"} 1');
  });
});
