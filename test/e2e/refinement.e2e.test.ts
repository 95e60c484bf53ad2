/**
 * Backlog refinement end to end: /refine setup schedules the weekly agenda in the person's zone,
 * the scheduler posts it at the instant (not-ready items in backlog order with what each misses),
 * /refine posts it on demand, and the Estimate button starts planning poker on the item.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUnitOfWork } from "../../src/db/unit-of-work.js";
import type { StoryPoints } from "../../src/domain/story.js";
import { createStoryService } from "../../src/services/story.service.js";
import { RefineIds } from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks } from "../support/block-kit-limits.js";
import { grantRole } from "../support/roles.js";

const PO = "U0PO";
const CHANNEL = "C0TEAM";
let t: TestApp;

beforeEach(async () => {
  t = await startTestApp({ scheduling: { jobs: { timers: false } } });
  t.fake.addUser({ id: PO, name: "pat", tz: "Europe/Berlin" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
});
afterEach(() => t.stop());

async function seed(title: string, estimate: StoryPoints | null, persona = "customer") {
  const service = createStoryService({ uow: createUnitOfWork(t.db.db), clock: t.clock });
  return (
    await service.createStory({
      teamId: "T0001",
      userId: PO,
      draft: {
        title,
        persona,
        want: "export",
        benefit: "share",
        acceptanceCriteria: ["a file"],
        estimate,
        priority: "medium",
        labels: [],
      },
    })
  ).story;
}

describe("backlog refinement", () => {
  it("posts the weekly agenda at the scheduled local time with what each item is missing", async () => {
    await seed("Ready one", 3);
    const unestimated = await seed("Needs an estimate", null);
    await seed("Too big", 13);
    await seed("No persona", 2, "");
    await seed("Beyond the count", null);

    await t.slack.command("/refine", `setup <#${CHANNEL}|team> thursday 14:00 3`, {
      userId: PO,
      channelId: CHANNEL,
    });
    const confirm = await t.fake.waitForResponse();
    expect(JSON.stringify(confirm.body)).toContain("Every Thursday at 14:00 (Europe/Berlin)");

    // Thursday 3 December 2026, 14:00 in Berlin = 13:00Z. Nothing a minute before.
    await t.bot.jobs.tick(new Date("2026-12-03T12:59:00Z"));
    await t.bot.jobs.drain();
    expect(t.fake.messagesIn(CHANNEL)).toHaveLength(0);
    await t.bot.jobs.tick(new Date("2026-12-03T13:00:00Z"));
    await t.bot.jobs.drain();
    const [agenda] = t.fake.messagesIn(CHANNEL);
    const text = JSON.stringify(agenda?.blocks);
    expect(text).not.toContain("Ready one");
    expect(text.indexOf("Needs an estimate")).toBeLessThan(text.indexOf("Too big"));
    expect(text).toContain("not estimated");
    expect(text).toContain("over the team's limit");
    expect(text).toContain("persona");
    expect(text).not.toContain("Beyond the count");
    expect(text).toContain("and 1 more");
    expect(validateMessageBlocks(agenda?.blocks ?? [])).toEqual([]);

    // A re-run of the same occurrence posts nothing twice.
    await t.bot.jobs.tick(new Date("2026-12-03T13:00:30Z"));
    await t.bot.jobs.drain();
    expect(t.fake.messagesIn(CHANNEL)).toHaveLength(1);

    // Estimate from the agenda: a poker session on that story in the channel.
    await t.slack.blockAction({
      userId: PO,
      channelId: CHANNEL,
      message: { ts: agenda?.ts },
      actions: [{ action_id: RefineIds.estimate, block_id: "b", value: String(unestimated.number) }],
    });
    const poker = await t.fake.waitFor("chat.postMessage", (c) =>
      JSON.stringify(c.args.blocks).includes("Planning poker"),
    );
    expect(JSON.stringify(poker.args.blocks)).toContain("Needs an estimate");
  });

  it("/refine posts the agenda on demand; refuses viewers' setup", async () => {
    await seed("Vague", null);
    await t.slack.command("/refine", "", { userId: PO, channelId: CHANNEL });
    const posted = await t.fake.waitFor("chat.postMessage");
    expect(JSON.stringify(posted.args.blocks)).toContain("Vague");
    await grantRole(t.db.db, "U0VIEW", "viewer", PO);
    await t.slack.command("/refine", "setup friday 10:00", { userId: "U0VIEW", channelId: CHANNEL });
    const refusal = await t.fake.waitForResponse((r) => JSON.stringify(r.body).includes("configure"));
    expect(JSON.stringify(refusal.body)).toMatch(/configure ceremonies/);
    expect(await t.db.db.selectFrom("refinement_settings").selectAll().execute()).toEqual([]);
  });

  it("judges readiness by the team's Definition of Ready (its size limit), as /backlog does", async () => {
    await seed("Big but complete", 13);
    await seed("Small and complete", 3);
    await t.slack.command("/refine", "", { userId: PO, channelId: CHANNEL });
    const first = JSON.stringify((await t.fake.waitFor("chat.postMessage")).args.blocks);
    expect(first).toContain("Big but complete"); // 13 > the default limit of 8
    expect(first).not.toContain("Small and complete");

    // The product owner raises the team's size limit: the 13-point story now meets the Definition of Ready.
    await grantRole(t.db.db, PO, "product_owner", PO);
    const before = t.fake.responses.length;
    await t.slack.command("/backlog", "size 13", { userId: PO, channelId: CHANNEL });
    const reply = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    expect(JSON.stringify(reply.body)).toContain("13");
    t.fake.clearCalls();
    await t.slack.command("/refine", "", { userId: PO, channelId: CHANNEL });
    const second = JSON.stringify((await t.fake.waitFor("chat.postMessage")).args.blocks);
    expect(second).not.toContain("Big but complete");
  });
});
