import { describe, expect, it } from "vitest";
import type { SchedulingStatus } from "../../../src/services/scheduling-status.service.js";
import { explainFailure, formatInZone, scrumStatusMessage } from "../../../src/views/scrum-status.view.js";
import { validateMessageBlocks } from "../../support/block-kit-limits.js";

const now = new Date("2026-11-28T10:00:00Z");
const base: SchedulingStatus = {
  now,
  viewerTimeZone: "Europe/Berlin",
  schedules: [],
  outbox: {},
  failures: [],
  problemRuns: [],
};

describe("scrum status view", () => {
  it("formats instants in the viewer's zone, with the year only when it differs", () => {
    expect(formatInZone(new Date("2026-11-30T08:00:00Z"), "Europe/Berlin", now)).toBe("Mon 30 Nov, 09:00");
    expect(formatInZone(new Date("2026-11-30T08:00:00Z"), "Asia/Kolkata", now)).toBe("Mon 30 Nov, 13:30");
    expect(formatInZone(new Date("2027-01-04T08:00:00Z"), "America/New_York", now)).toBe(
      "Mon 4 Jan 2027, 03:00",
    );
  });

  it("explains Slack errors in plain words with what to do", () => {
    expect(explainFailure("not_in_channel", "CPRODUCT")).toBe(
      "I'm not in <#CPRODUCT>: invite me with `/invite @scrumbot`.",
    );
    expect(explainFailure("account_inactive", "U123")).toContain("<@U123>'s account is deactivated");
    expect(explainFailure("weird_<error>", "<!channel>")).toBe(
      "Slack refused a message for `&lt;!channel&gt;` (`weird_&lt;error&gt;`).",
    );
  });

  it("says when nothing is scheduled and nothing failed", () => {
    const text = JSON.stringify(scrumStatusMessage(base));
    expect(text).toContain("Nothing is scheduled yet.");
    expect(text).toContain("None: everything was delivered.");
  });

  it("stays within Slack's limits with 300 schedules, long labels and many failures", () => {
    const schedules = Array.from({ length: 300 }, (_, i) => ({
      id: i,
      jobKind: "k",
      refId: String(i),
      label: `${"🙂 <!here> ".repeat(100)}${i}`,
      timeZone: "Europe/Berlin",
      nextDueAt: i % 2 ? new Date("2026-11-30T08:00:00Z") : null,
      nextLocalDue: null,
    }));
    const failures = Array.from({ length: 10 }, (_, i) => ({
      idempotencyKey: `k${i}`,
      channel: `C${i}AAA`,
      purpose: "x".repeat(500),
      error: "channel_not_found",
      attempts: 1,
      at: now,
    }));
    const message = scrumStatusMessage({
      ...base,
      schedules,
      failures,
      outbox: { pending: 3, sent: 1, failed: 10 },
    });
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const text = JSON.stringify(message);
    expect(text).not.toContain("<!here>");
    expect(text).toContain("…and 275 more schedules.");
    expect(text).toContain("Outbox: 3 messages waiting, 1 message sent, 10 failed.");
  });

  it("hides problems from non-admins", () => {
    const text = JSON.stringify(scrumStatusMessage({ ...base, failures: null, problemRuns: null }));
    expect(text).toContain("Delivery problems are shown to admins.");
    expect(text).not.toContain("Recent problems");
  });
});
