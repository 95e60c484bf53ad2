/**
 * Slack's retries (hardening item 6): an Events API delivery Slack retries (same event_id,
 * X-Slack-Retry-Num) has one effect, over signed HTTP, even when the retry arrives after a restart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type StartOptions, startTestApp, type TestApp } from "../support/app-harness.js";
import { FakeSlack } from "../support/fake-slack.js";

const USER = "U0DEV";
const homeOpened = { type: "app_home_opened", user: USER, channel: "D0HOME", tab: "home" };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(options: StartOptions = {}): Promise<TestApp> {
  const app = await startTestApp(options);
  app.fake.addUser({ id: USER, name: "dev" });
  return app;
}

const publishes = (app: TestApp) => app.fake.callsTo("views.publish").length;

describe("Slack event retries", () => {
  it("handles an event once when Slack delivers it again with the retry header", async () => {
    const app = await start({ logLevel: "info" });
    cleanups.push(() => app.stop());
    const first = await app.slack.event(homeOpened);
    expect(first.status).toBe(200);
    await app.fake.waitFor("views.publish");
    await app.bot.settle();
    const retry = await app.slack.event(homeOpened, { eventId: first.eventId, retryNum: 1 });
    expect(retry.status).toBe(200); // acked, so Slack stops retrying
    await app.bot.settle();
    expect(publishes(app)).toBe(1);
    expect(app.logs.some((l) => l.includes("already handled") && l.includes(first.eventId ?? "-"))).toBe(
      true,
    );
    // A different event is handled as usual.
    await app.slack.event(homeOpened);
    await app.fake.waitFor("views.publish", () => publishes(app) === 2);
  });

  it("skips the retry even when it arrives after a restart (ids live in the database)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scrumbot-retries-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const databasePath = join(dir, "scrumbot.db");
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.stop());
    const first = await start({ fake, databasePath });
    const delivered = await first.slack.event(homeOpened);
    await fake.waitFor("views.publish");
    await first.bot.settle();
    await first.stop();

    const second = await start({ fake, databasePath });
    cleanups.push(() => second.stop());
    const retry = await second.slack.event(homeOpened, { eventId: delivered.eventId, retryNum: 2 });
    expect(retry.status).toBe(200);
    await second.bot.settle();
    expect(fake.callsTo("views.publish")).toHaveLength(1);
  });

  it("prunes ids older than a day", async () => {
    const app = await start();
    cleanups.push(() => app.stop());
    await app.slack.event(homeOpened);
    await app.bot.settle();
    const count = async () =>
      Number(
        (
          await app.db.db
            .selectFrom("slack_events_seen")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(1);
    app.clock.advance(25 * 60 * 60_000);
    await app.slack.event(homeOpened);
    await app.bot.settle();
    expect(await count()).toBe(1); // the old one is gone, the new one kept
  });
});
