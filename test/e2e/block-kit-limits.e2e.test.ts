/** Block Kit stays within Slack's limits however large the backlog and however long the text. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUnitOfWork } from "../../src/db/unit-of-work.js";
import { createStoryService } from "../../src/services/story.service.js";
import { ActionIds } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks } from "../support/block-kit-limits.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: "U1", name: "ana" });
  t.fake.addChannel({ id: "C1", name: "team" });
  // Seed 1,000 stories with maximal text through the real service (fast, same code path as the modal).
  const service = createStoryService({ uow: createUnitOfWork(t.db.db), clock: t.clock });
  for (let i = 0; i < 1000; i++) {
    await service.createStory({
      teamId: TEST_TEAM_ID,
      userId: "U1",
      draft: {
        title: `${i} ${"<!channel> & 😀 Ünïcödé 長い".repeat(10)}`.slice(0, 150),
        persona: "p".repeat(150),
        want: "w".repeat(1000),
        benefit: "b".repeat(1000),
        acceptanceCriteria: Array.from({ length: 20 }, () => "c".repeat(500)),
        estimate: 8,
        priority: "critical",
        labels: Array.from({ length: 10 }, (_, k) => `label-${k}-${"x".repeat(20)}`),
      },
    });
  }
}, 120_000);
afterAll(() => t.stop());

async function backlog(text: string) {
  const before = t.fake.responses.length;
  await t.slack.command("/backlog", text, { userId: "U1", channelId: "C1" });
  return (await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before)).body as {
    blocks: unknown[];
    text: string;
  };
}

describe("backlog of 1,000 long stories", () => {
  it.each(["", "20", "50", "100", "100000", "channel"])("'/backlog %s' is a valid message", async (text) => {
    const body = await backlog(text);
    expect(validateMessageBlocks(body.blocks)).toEqual([]);
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    expect(body.text.length).toBeLessThan(500);
    const json = JSON.stringify(body.blocks);
    expect(json).not.toContain("<!channel>");
    expect(json).toContain("&lt;!channel&gt;");
  });

  it("pages with a Next button that replaces the message", async () => {
    const first = await backlog("");
    // Story controls are actions blocks too: take the one holding the pagination buttons.
    const actions = first.blocks.find(
      (b) =>
        (b as { type: string }).type === "actions" &&
        JSON.stringify(b).includes(`${ActionIds.backlogPage}_next`),
    ) as {
      block_id?: string;
      elements: { action_id: string; value: string }[];
    };
    const next = actions.elements.find((e) => e.action_id.endsWith("_next"));
    expect(next).toBeDefined();
    const before = t.fake.responses.length;
    const res = await t.slack.blockAction({
      userId: "U1",
      channelId: "C1",
      actions: [
        { action_id: next!.action_id, block_id: actions.block_id ?? "b", value: next!.value, type: "button" },
      ],
    });
    expect(res.status).toBe(200);
    const page2 = (await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before)).body as {
      replace_original: boolean;
      blocks: unknown[];
    };
    expect(page2.replace_original).toBe(true);
    expect(JSON.stringify(page2.blocks)).toContain("Showing 21–40 of 1000 stories");
    expect(validateMessageBlocks(page2.blocks)).toEqual([]);
  });
});
