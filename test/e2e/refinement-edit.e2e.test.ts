/**
 * Fixing stories from the refinement agenda, end to end over signed HTTP, the fake Slack and real
 * SQLite: Edit opens the prefilled `/backlog` edit modal and saves; Mark ready checks the Definition
 * of Ready (refused with the missing points, accepted once fixed) and updates the agenda message in
 * place; a viewer is refused privately; a large agenda stays within Block Kit limits.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUnitOfWork } from "../../src/db/unit-of-work.js";
import type { StoryPoints } from "../../src/domain/story.js";
import { createStoryService } from "../../src/services/story.service.js";
import { BacklogIds, RefineIds, StoryBlocks } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { LIMITS, validateMessageBlocks, validateView } from "../support/block-kit-limits.js";
import type { StoredMessage } from "../support/fake-slack.js";
import { fillModal } from "../support/modal.js";
import { grantRole } from "../support/roles.js";

const PO = "U0PO";
const VIEWER = "U0VIEW";
const CHANNEL = "C0TEAM";
let t: TestApp;

beforeEach(async () => {
  t = await startTestApp({ scheduling: { jobs: { timers: false } } });
  t.fake.addUser({ id: PO, name: "pat" });
  t.fake.addUser({ id: VIEWER, name: "stakeholder" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  await grantRole(t.db.db, VIEWER, "viewer", PO);
});
afterEach(() => t.stop());

async function seed(title: string, over: { estimate?: StoryPoints | null; persona?: string } = {}) {
  const service = createStoryService({ uow: createUnitOfWork(t.db.db), clock: t.clock });
  return (
    await service.createStory({
      teamId: "T0001",
      userId: PO,
      draft: {
        title,
        persona: over.persona ?? "customer",
        want: "export the report",
        benefit: "I can share it",
        acceptanceCriteria: ["a CSV file", "with every column"],
        estimate: over.estimate ?? null,
        priority: "medium",
        labels: ["billing"],
      },
    })
  ).story;
}

async function postAgenda(args = ""): Promise<StoredMessage> {
  await t.slack.command("/refine", args, { userId: PO, channelId: CHANNEL });
  await t.fake.waitFor("chat.postMessage");
  const [agenda] = t.fake.messagesIn(CHANNEL);
  if (!agenda) throw new Error("no agenda posted");
  return agenda;
}

/** The agenda message as it is in the channel now (updated in place). */
function agendaNow(): StoredMessage {
  const [agenda] = t.fake.messagesIn(CHANNEL);
  if (!agenda) throw new Error("no agenda");
  return agenda;
}

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id: string; value?: string }[];
};

function itemActions(message: StoredMessage, n: number): Block | undefined {
  return (message.blocks as Block[]).find((b) => b.type === "actions" && b.block_id === `refine_${n}`);
}

function itemText(message: StoredMessage, n: number): string {
  const section = (message.blocks as Block[]).find(
    (b) => b.type === "section" && b.text?.text.startsWith(`*#${n}*`),
  );
  return section?.text?.text ?? "";
}

/** Clicks `actionId` on item #n of the agenda as Slack would (the message's current blocks included). */
async function click(userId: string, n: number, actionId: string) {
  const message = agendaNow();
  const block = itemActions(message, n);
  const button = block?.elements?.find((e) => e.action_id === actionId);
  if (!block || !button) throw new Error(`no ${actionId} button on #${n}`);
  const before = t.fake.responses.length;
  const res = await t.slack.blockAction({
    userId,
    channelId: CHANNEL,
    message: { ts: message.ts, text: message.text, user: message.user, blocks: message.blocks },
    actions: [{ action_id: button.action_id, block_id: block.block_id ?? "", value: button.value }],
  });
  expect(res.status).toBe(200);
  const reply = () => t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
  return { res, reply };
}

const statusOf = async (n: number) =>
  (
    await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .select("status")
      .where("number", "=", n)
      .executeTakeFirstOrThrow()
  ).status;

describe("fixing stories from the refinement agenda", () => {
  it("edits an item in the prefilled modal, refuses then accepts Mark ready, and updates the agenda", async () => {
    const vague = await seed("Export report");
    const nameless = await seed("Import report", { estimate: 3, persona: "" });
    const agenda = await postAgenda();
    for (const n of [vague.number, nameless.number]) {
      expect(itemActions(agenda, n)?.elements?.map((e) => e.action_id)).toEqual([
        RefineIds.open,
        RefineIds.edit,
        RefineIds.markReady,
        RefineIds.estimate,
      ]);
    }

    // Edit: the /backlog edit modal, prefilled from the story.
    await click(PO, vague.number, RefineIds.edit);
    const open = await t.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id: string }).callback_id === BacklogIds.storyEditModal,
    );
    const view = open.args.view as Record<string, unknown>;
    expect(validateView(view)).toEqual([]);
    const blocks = view.blocks as {
      block_id: string;
      element: { initial_value?: string; initial_option?: { value: string } };
    }[];
    const init = (id: string) => blocks.find((b) => b.block_id === id)?.element;
    expect(init(StoryBlocks.title)?.initial_value).toBe("Export report");
    expect(init(StoryBlocks.persona)?.initial_value).toBe("customer");
    expect(init(StoryBlocks.want)?.initial_value).toBe("export the report");
    expect(init(StoryBlocks.benefit)?.initial_value).toBe("I can share it");
    expect(init(StoryBlocks.acceptanceCriteria)?.initial_value).toBe("a CSV file\nwith every column");
    expect(init(StoryBlocks.labels)?.initial_value).toBe("billing");

    // Save an estimate: the story now meets the Definition of Ready (but isn't marked ready).
    const responsesBefore = t.fake.responses.length;
    const saved = await t.slack.viewSubmission({
      userId: PO,
      view,
      values: fillModal(view, {
        [StoryBlocks.title]: "Export the monthly report",
        [StoryBlocks.estimate]: "3",
      }),
    });
    expect(saved.body).toBe("");
    const row = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .where("number", "=", vague.number)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: "Export the monthly report", estimate: 3, status: "new" });
    // The editor is told privately; the agenda is NOT replaced by a /backlog page.
    const note = await t.fake.waitFor("chat.postEphemeral", (c) => JSON.stringify(c.args).includes("Saved"));
    expect(note.args).toMatchObject({ channel: CHANNEL, user: PO });
    expect(t.fake.responses.slice(responsesBefore)).toEqual([]);
    expect(agendaNow().ts).toBe(agenda.ts);
    expect(JSON.stringify(agendaNow().blocks)).toContain("Backlog refinement");

    // Mark ready on the item still missing its persona: refused privately with what is missing.
    const refused = await click(PO, nameless.number, RefineIds.markReady);
    const refusal = await refused.reply();
    const refusalText = JSON.stringify(refusal.body);
    expect(refusal.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(refusalText).toContain(`I can't mark #${nameless.number} ready yet`);
    expect(refusalText).toContain("the persona");
    expect(await statusOf(nameless.number)).toBe("new");
    // The agenda is refreshed meanwhile: the edited item shows it meets the Definition of Ready now.
    await t.fake.waitFor("chat.update");
    expect(itemText(agendaNow(), vague.number)).toContain("Meets the Definition of Ready now");
    expect(itemText(agendaNow(), vague.number)).toContain("Export the monthly report");
    expect(itemText(agendaNow(), nameless.number)).toContain("the persona");

    // Mark ready on the fixed item: accepted, status ready, the agenda shows it as ready in place.
    const updates = t.fake.callsTo("chat.update").length;
    const accepted = await click(PO, vague.number, RefineIds.markReady);
    const done = await accepted.reply();
    expect(done.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(JSON.stringify(done.body)).toContain(`#${vague.number}* is ready to plan`);
    expect(await statusOf(vague.number)).toBe("ready");
    const [update] = (await t.fake.waitForCount("chat.update", updates + 1)).slice(updates);
    expect(update?.args).toMatchObject({ channel: CHANNEL, ts: agenda.ts });
    expect(validateMessageBlocks(update?.args.blocks)).toEqual([]);
    const now = agendaNow();
    expect(itemText(now, vague.number)).toContain("Ready to plan");
    expect(itemActions(now, vague.number)?.elements?.map((e) => e.action_id)).toEqual([
      RefineIds.open,
      RefineIds.edit,
    ]);
    expect(itemText(now, nameless.number)).toContain("the persona");
    expect(JSON.stringify(now.blocks)).toContain("1 of 2 marked ready so far");
  });

  it("refuses a viewer's Edit and Mark ready privately, naming who can", async () => {
    const story = await seed("Export report", { estimate: 3, persona: "" });
    await postAgenda();
    const updates = t.fake.callsTo("chat.update").length;

    const edit = await click(VIEWER, story.number, RefineIds.edit);
    const editRefusal = await edit.reply();
    expect(editRefusal.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(JSON.stringify(editRefusal.body)).toMatch(
      /Only product owners and admins can edit other people's stories/,
    );

    const ready = await click(VIEWER, story.number, RefineIds.markReady);
    const readyRefusal = await ready.reply();
    expect(readyRefusal.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(JSON.stringify(readyRefusal.body)).toMatch(
      /Only product owners and admins can edit other people's stories/,
    );

    expect(
      t.fake
        .callsTo("views.open")
        .filter((c) => (c.args.view as { callback_id?: string }).callback_id === BacklogIds.storyEditModal),
    ).toEqual([]);
    expect(t.fake.callsTo("chat.update")).toHaveLength(updates);
    expect(await statusOf(story.number)).toBe("new");
    expect(t.fake.messagesIn(CHANNEL)).toHaveLength(1);
  });

  it("keeps a 20-item agenda from a large backlog within Block Kit limits, before and after concurrent Mark ready", async () => {
    for (let i = 1; i <= 60; i++) {
      await seed(`${i} ${"Экспорт 🚀 <!channel> ".repeat(6)}`.slice(0, 150));
    }
    const agenda = await postAgenda("20");
    const blocks = agenda.blocks as Block[];
    expect(validateMessageBlocks(blocks)).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(blocks.filter((b) => b.type === "actions")).toHaveLength(20);
    for (const b of blocks.filter((x) => x.type === "actions")) {
      expect(b.elements?.length ?? 0).toBeLessThanOrEqual(LIMITS.actionsElements);
    }
    expect(JSON.stringify(blocks)).toContain("and 40 more not ready");

    // Two items get their estimate (elsewhere), then two people mark them ready at the same time.
    await t.db.db
      .updateTable("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .set({ estimate: 5 })
      .where("number", "in", [3, 7])
      .execute();
    const updates = t.fake.callsTo("chat.update").length;
    t.fake.delayNext("chat.update", 200);
    const [a, b] = await Promise.all([click(PO, 3, RefineIds.markReady), click(PO, 7, RefineIds.markReady)]);
    await Promise.all([a.reply(), b.reply()]);
    await t.fake.waitForCount("chat.update", updates + 2);
    expect(await statusOf(3)).toBe("ready");
    expect(await statusOf(7)).toBe("ready");
    const last = t.fake.callsTo("chat.update").at(-1);
    expect(validateMessageBlocks(last?.args.blocks)).toEqual([]);
    const now = agendaNow();
    expect(itemText(now, 3)).toContain("Ready to plan");
    expect(itemText(now, 7)).toContain("Ready to plan");
    expect(JSON.stringify(now.blocks)).toContain("2 of 20 marked ready so far");
    // Same 20 items in the same order; the count of the rest is unchanged.
    expect((now.blocks as Block[]).filter((x) => x.type === "actions").map((x) => x.block_id)).toEqual(
      blocks.filter((x) => x.type === "actions").map((x) => x.block_id),
    );
    expect(JSON.stringify(now.blocks)).toContain("and 40 more not ready");
  });
});
