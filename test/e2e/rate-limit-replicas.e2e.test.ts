/**
 * Rate limits across replicas: two app instances on one database (as two replicas behind a load
 * balancer) give a person ONE budget. With the old in-memory counters each replica allowed the
 * full 10 `/poker` per 10 minutes, so alternating replicas got 20 through.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-harness.js";

const DEV = "U0DEV";
const CHANNEL = "C0TEAM";
const NOW = "2026-12-01T10:00:00Z";

let a: TestApp;
let b: TestApp;
beforeEach(async () => {
  a = await startTestApp({ scheduling: { jobs: { timers: false } }, now: NOW });
  a.fake.addUser({ id: DEV, name: "dev" });
  a.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  b = await startTestApp({
    fake: a.fake,
    databasePath: a.db.path,
    scheduling: { jobs: { timers: false } },
    now: NOW,
  });
});
afterEach(async () => {
  await b.stop();
  await a.stop();
});

/** Runs `/poker` on one replica and returns the text of its private answer. */
async function poker(app: TestApp): Promise<string> {
  const before = app.fake.responses.length;
  const res = await app.slack.command("/poker", "999", { userId: DEV, channelId: CHANNEL });
  expect(res.status).toBe(200);
  const r = await app.fake.waitForResponse((x) => app.fake.responses.indexOf(x) >= before);
  return JSON.stringify(r.body);
}

it("/poker: 10 per 10 minutes per person across two replicas, not 10 on each", async () => {
  for (let i = 0; i < 10; i++) expect(await poker(i % 2 === 0 ? a : b)).toContain("couldn't find story #999");
  const refusedA = await poker(a);
  const refusedB = await poker(b);
  for (const refused of [refusedA, refusedB])
    expect(refused).toContain(
      "You have used `/poker` 10 times in the last 10 minutes, the most one person may. Try again in 10 minutes.",
    );
  // The window ends for both replicas at once.
  a.clock.advance(10 * 60_000);
  b.clock.advance(10 * 60_000);
  expect(await poker(b)).toContain("couldn't find story #999");
});
