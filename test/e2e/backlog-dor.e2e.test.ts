/**
 * `/backlog dor` end to end over signed HTTP, the fake Slack and real SQLite: the Definition of
 * Ready checklist, Turn off / Turn on replacing the ephemeral message and saving the team's
 * settings, refusals (members, viewers, the last check on, unknown names), and the effect on
 * what /backlog, Mark ready and Home count as ready.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { READINESS_CHECKS, type ReadinessCheckId } from "../../src/domain/readiness.js";
import { BacklogIds, DorIds } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks } from "../support/block-kit-limits.js";
import { commandReply } from "../support/replies.js";
import { grantRole } from "../support/roles.js";

const ADMIN = "U0ADMIN";
const PO = "U0PO";
const DEV = "U0DEV";
const VIEWER = "U0VIEW";
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: ADMIN, is_admin: true });
  t.fake.addUser({ id: PO, name: "pat" });
  t.fake.addUser({ id: DEV, name: "dev" });
  t.fake.addUser({ id: VIEWER, name: "vic" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  await grantRole(t.db.db, PO, "product_owner");
  await grantRole(t.db.db, VIEWER, "viewer");
});
afterEach(() => t.stop());

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { action_id: string; value: string; text: { text: string } };
  elements?: { action_id: string; value?: string }[];
};
type Reply = { blocks: Block[]; text: string; replace_original?: boolean; response_type?: string };

async function command(userId: string, text: string, name = "/backlog") {
  const r = await commandReply(t, userId, name, text, CHANNEL);
  return { body: r.body as unknown as Reply, responseUrl: r.responseUrl };
}

const rowOf = (body: Reply, id: ReadinessCheckId) =>
  body.blocks.find((b) => b.block_id === `${DorIds.checkBlockPrefix}${id}`);

/** Clicks a toggle (the action gets its own response_url, as in Slack) and waits for the answer. */
async function toggle(userId: string, block: { block_id: string; value: string }) {
  const before = t.fake.responses.length;
  const res = await t.slack.blockAction({
    userId,
    channelId: CHANNEL,
    actions: [{ action_id: DorIds.toggle, block_id: block.block_id, value: block.value }],
  });
  expect(res.status).toBe(200);
  const reply = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
  expect(reply.url).toBe(res.responseUrl);
  return reply.body as Reply;
}

/** The button on a check's row of a checklist message, ready to click. */
function buttonOf(body: Reply, id: ReadinessCheckId) {
  const row = rowOf(body, id);
  if (!row?.accessory) throw new Error(`no button on ${id}`);
  return { block_id: row.block_id ?? "", value: row.accessory.value, label: row.accessory.text.text };
}

async function disabledChecks(): Promise<string[] | null> {
  const row = await t.db.db
    .selectFrom("backlog_settings")
    .select("dor_disabled")
    .where("team_id", "=", TEST_TEAM_ID)
    .executeTakeFirst();
  return row ? (JSON.parse(row.dor_disabled) as string[]) : null;
}

async function seedStory(title: string, estimate: number | null) {
  await t.db.db
    .insertInto("stories")
    .values({
      team_id: TEST_TEAM_ID,
      number: 1,
      title,
      persona: "product owner",
      want: "see the backlog",
      benefit: "I can plan",
      acceptance_criteria: JSON.stringify(["Given a backlog then I see it"]),
      estimate,
      priority: "medium",
      status: "new",
      rank: 1024,
      labels: "[]",
      created_by: PO,
      source_permalink: null,
      created_at: "2026-11-28T09:00:00.000Z",
      updated_at: "2026-11-28T09:00:00.000Z",
    })
    .execute();
}

describe("/backlog dor", () => {
  it("lists every check ✅ with a Turn off button and the size limit, privately", async () => {
    await command(PO, "size 5");
    const { body } = await command(PO, "dor");
    expect(body.response_type).toBe("ephemeral");
    expect(validateMessageBlocks(body.blocks)).toEqual([]);
    for (const id of READINESS_CHECKS) {
      expect(rowOf(body, id)?.text?.text).toMatch(/^✅ /);
      expect(buttonOf(body, id).label).toBe("Turn off");
    }
    expect(JSON.stringify(body.blocks)).toContain("*Size limit:* 5 pts");
    expect(body.text).toBe("Definition of Ready: 7 of 7 checks on, size limit 5 pts");
  });

  it("turns a check off and on with its button, saving it and replacing the message each time", async () => {
    const { body } = await command(PO, "dor");
    const off = await toggle(PO, buttonOf(body, "estimated"));
    expect(off.replace_original).toBe(true);
    expect(off.response_type).toBe("ephemeral");
    expect(validateMessageBlocks(off.blocks)).toEqual([]);
    expect(JSON.stringify(off.blocks)).toContain("*Is estimated* is off");
    expect(rowOf(off, "estimated")?.text?.text).toMatch(/^⬜ /);
    expect(buttonOf(off, "estimated").label).toBe("Turn on");
    expect(await disabledChecks()).toEqual(["estimated"]);
    const row = await t.db.db
      .selectFrom("backlog_settings")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.updated_by).toBe(PO);

    const on = await toggle(PO, buttonOf(off, "estimated"));
    expect(on.replace_original).toBe(true);
    expect(JSON.stringify(on.blocks)).toContain("*Is estimated* is on again");
    expect(rowOf(on, "estimated")?.text?.text).toMatch(/^✅ /);
    expect(await disabledChecks()).toEqual([]);
    // A settings change, not a story change: the digest's "what changed" stays empty.
    expect(
      await t.db.db.selectFrom("backlog_events").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toEqual([]);
  });

  it("accepts the typed forms and answers with the updated checklist", async () => {
    const off = await command(PO, "dor off acceptance criteria");
    expect(JSON.stringify(off.body.blocks)).toContain("*Has at least one acceptance criterion* is off");
    expect(buttonOf(off.body, "acceptance_criteria").label).toBe("Turn on");
    expect(await disabledChecks()).toEqual(["acceptance_criteria"]);
    const again = await command(PO, "dor off acceptance_criteria");
    expect(JSON.stringify(again.body.blocks)).toContain("was already off");
    await command(PO, "dor on acceptance_criteria");
    expect(await disabledChecks()).toEqual([]);
  });

  it("shows members and viewers no buttons and refuses their clicks and typed changes, naming who can", async () => {
    const refusal = `Only product owners and admins can change the Definition of Ready: ask <@${PO}>.`;
    for (const who of [DEV, VIEWER]) {
      const { body } = await command(who, "dor");
      expect(validateMessageBlocks(body.blocks)).toEqual([]);
      expect(body.blocks.some((b) => b.accessory)).toBe(false);
      expect(JSON.stringify(body.blocks)).toContain("Only product owners and admins can change");

      // A click from an old message (or a forged one) is refused privately; nothing is replaced.
      const answer = await toggle(who, {
        block_id: `${DorIds.checkBlockPrefix}estimated`,
        value: "estimated:off",
      });
      expect(answer.text).toBe(refusal);
      expect(answer.replace_original).toBe(false);

      const typed = await command(who, "dor off estimated");
      expect(typed.body.text).toBe(refusal);
    }
    expect(await disabledChecks()).toBeNull();
  });

  it("answers an unknown or missing check name with the valid names", async () => {
    const unknown = await command(PO, "dor off colour");
    const text = JSON.stringify(unknown.body.blocks);
    expect(text).toContain("There is no Definition of Ready check “colour”");
    for (const id of READINESS_CHECKS) expect(text).toContain(`\`${id}\``);
    expect(validateMessageBlocks(unknown.body.blocks)).toEqual([]);
    const missing = await command(PO, "dor on");
    expect(JSON.stringify(missing.body.blocks)).toContain("Which check?");
    const usage = await command(PO, "dor estimated");
    expect(JSON.stringify(usage.body.blocks)).toContain("/backlog dor off <check>");
    expect(await disabledChecks()).toBeNull();
  });

  it("keeps at least one check on: no button on the last one, typed and stale clicks refused", async () => {
    const [last, ...others] = [...READINESS_CHECKS].reverse() as [ReadinessCheckId, ...ReadinessCheckId[]];
    const first = await command(PO, "dor");
    const stale = buttonOf(first.body, last);
    for (const id of others) await command(PO, `dor off ${id}`);
    expect(await disabledChecks()).toHaveLength(READINESS_CHECKS.length - 1);

    const { body } = await command(PO, "dor");
    expect(rowOf(body, last)?.accessory).toBeUndefined();
    expect(rowOf(body, last)?.text?.text).toContain("at least one must stay on");

    const typed = await command(PO, `dor off ${last}`);
    expect(typed.body.text).toMatch(
      /is the only Definition of Ready check still on, and at least one must stay on/,
    );
    const clicked = await toggle(PO, stale);
    expect(clicked.replace_original).toBe(false);
    expect(clicked.text).toMatch(/at least one must stay on: turn another check on first/);
    expect(await disabledChecks()).toEqual(others.reverse());
  });

  it("refuses a tampered button value without changing anything", async () => {
    const answer = await toggle(PO, { block_id: "x", value: "colour:off" });
    expect(answer.text).toContain("That button has expired. Run `/backlog dor` again.");
    expect(answer.replace_original).toBe(false);
    expect(await disabledChecks()).toBeNull();
  });
});

describe("what counts as ready follows the checklist", () => {
  it("after turning off “estimated” and “size_limit”, /backlog, Home and Mark ready accept an unestimated story", async () => {
    await seedStory("No estimate yet", null);
    const before = await command(PO, "");
    expect(JSON.stringify(before.body.blocks)).toContain("2 of 7 checks missing: estimate, size");
    const refused = await command(PO, "ready #1");
    expect(JSON.stringify(refused.body.blocks)).toContain("not estimated");

    // Someone has Home open: it follows the change.
    await t.slack.event({ type: "app_home_opened", user: DEV, channel: "D0HOME", tab: "home" });
    await t.fake.waitFor("views.publish", (c) => c.args.user_id === DEV);
    await t.bot.settle();
    const homes = () => t.fake.calls.filter((c) => c.method === "views.publish" && c.args.user_id === DEV);
    expect(JSON.stringify(homes().at(-1)?.args.view)).toContain("◻️ *1.* #1 No estimate yet");
    const published = homes().length;

    const list = await command(PO, "dor");
    const afterEstimated = await toggle(PO, buttonOf(list.body, "estimated"));
    await toggle(PO, buttonOf(afterEstimated, "size_limit"));
    expect(await disabledChecks()).toEqual(["estimated", "size_limit"]);
    await t.bot.settle();
    expect(homes().length).toBeGreaterThan(published);
    expect(JSON.stringify(homes().at(-1)?.args.view)).toContain("✅ *1.* #1 No estimate yet");

    const after = await command(PO, "");
    expect(JSON.stringify(after.body.blocks)).toContain("✅ ready to plan");
    const block = after.body.blocks.find((b) => b.block_id?.startsWith(`${BacklogIds.storyBlock}:1:`));
    const responses = t.fake.responses.length;
    await t.slack.blockAction({
      userId: PO,
      channelId: CHANNEL,
      responseUrl: after.responseUrl,
      actions: [
        {
          type: "overflow",
          action_id: BacklogIds.more,
          block_id: block?.block_id ?? "",
          selected_option: { text: { type: "plain_text", text: "ready" }, value: "ready:1" },
        },
      ],
    });
    const done = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= responses);
    expect(JSON.stringify(done.body)).toContain("is ready to plan");
    const row = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .select("status")
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("ready");
  });
});
