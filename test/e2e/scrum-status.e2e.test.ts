/** `/scrum status` over signed HTTP: next runs in the viewer's zone, failures in plain words for admins. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks } from "../support/block-kit-limits.js";

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp({ now: "2026-11-28T10:00:00Z", scheduling: { jobs: { timers: false } } });
  t.fake.addUser({ id: "UADMIN", tz: "America/New_York", is_admin: true });
  t.fake.addUser({ id: "UDEV", tz: "Asia/Kolkata" });
  t.fake.addChannel({ id: "CTEAM", name: "team" });
});
afterEach(() => t.stop());

async function status(userId: string): Promise<{ body: { blocks: unknown[] }; text: string }> {
  const before = t.fake.responses.length;
  const res = await t.slack.command("/scrum", "status", { userId, channelId: "CTEAM" });
  expect(res.status).toBe(200);
  const response = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
  return { body: response.body as { blocks: unknown[] }, text: JSON.stringify(response.body) };
}

describe("/scrum status", () => {
  it("shows schedules with the next run in the viewer's zone and explains failures to admins", async () => {
    await t.bot.scheduler.upsert({
      teamId: TEST_TEAM_ID,
      jobKind: "test.status",
      refId: "weekly",
      recurrence: { kind: "weekly", days: [1], time: "09:00" },
      timeZone: "Europe/Berlin",
      label: "Stakeholder digest · <#product>",
    });
    t.fake.failNext("chat.postMessage", "not_in_channel");
    await t.bot.outbox.enqueue({
      teamId: TEST_TEAM_ID,
      channel: "CPRODUCT",
      text: "digest",
      idempotencyKey: "digest:1",
      purpose: "stakeholder digest",
    });
    await t.bot.outbox.drain();

    const admin = await status("UADMIN");
    expect(validateMessageBlocks(admin.body.blocks)).toEqual([]);
    // Monday 09:00 Berlin = 08:00Z = 03:00 in New York.
    expect(admin.text).toContain("Mon 30 Nov, 03:00");
    expect(admin.text).toContain("America/New_York");
    expect(admin.text).toContain("Stakeholder digest · &lt;#product&gt;");
    expect(admin.text).toContain("I'm not in <#CPRODUCT>: invite me with `/invite @scrumbot`.");

    const dev = await status("UDEV");
    expect(dev.text).toContain("Mon 30 Nov, 13:30"); // 08:00Z in Kolkata
    expect(dev.text).not.toContain("CPRODUCT");
    expect(dev.text).toContain("Delivery problems are shown to admins.");
  });

  it("lists occurrences skipped during downtime", async () => {
    await t.bot.scheduler.upsert({
      teamId: TEST_TEAM_ID,
      jobKind: "test.status",
      refId: "daily",
      recurrence: { kind: "cron", expression: "0 9 * * *" },
      timeZone: "Europe/Berlin",
      label: "Daily digest",
    });
    t.bot.scheduler.registerJob("test.status", async () => {});
    t.clock.set("2026-11-29T12:00:00Z");
    await t.bot.jobs.tick();
    const admin = await status("UADMIN");
    expect(admin.text).toContain(
      "*Daily digest* due Sun 29 Nov, 03:00: skipped: I was down and it was too late to send.",
    );
  });
});
