/**
 * `/refine setup` with no arguments, end to end over signed HTTP: the setup modal (prefilled with
 * the saved schedule or sensible defaults), field errors for bad input with nothing saved, the
 * permission check before opening and again on submit, the private confirmation with the next
 * agenda in the person's zone, and the scheduler posting the agenda at exactly that instant.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUnitOfWork } from "../../src/db/unit-of-work.js";
import { createStoryService } from "../../src/services/story.service.js";
import { RefineIds } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks, validateView } from "../support/block-kit-limits.js";
import { fillModal, type ModalAnswer } from "../support/modal.js";
import { grantRole } from "../support/roles.js";

const PAT = "U0PAT"; // Berlin
const CHANNEL = "C0TEAM";
const OTHER = "C0PLAN";
const OUTSIDE = "C0NOBOT";
let t: TestApp;

beforeEach(async () => {
  t = await startTestApp({ scheduling: { jobs: { timers: false } } });
  t.fake.addUser({ id: PAT, name: "pat", tz: "Europe/Berlin" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  t.fake.addChannel({ id: OTHER, name: "planning", botIsMember: true });
  t.fake.addChannel({ id: OUTSIDE, name: "elsewhere", botIsMember: false });
});
afterEach(() => t.stop());

async function seed(title: string) {
  const service = createStoryService({ uow: createUnitOfWork(t.db.db), clock: t.clock });
  await service.createStory({
    teamId: TEST_TEAM_ID,
    userId: PAT,
    draft: {
      title,
      persona: "customer",
      want: "export",
      benefit: "share",
      acceptanceCriteria: ["a file"],
      estimate: null,
      priority: "medium",
      labels: [],
    },
  });
}

/** Runs `/refine setup` and returns the modal the fake opened (with Slack's filled-in ids). */
async function openSetup(userId = PAT, channelId = CHANNEL) {
  const before = t.fake.callsTo("views.open").length;
  const res = await t.slack.command("/refine", "setup", { userId, channelId });
  expect(res.status).toBe(200);
  const calls = await t.fake.waitForCount("views.open", before + 1);
  const call = calls.at(-1);
  expect(call?.response.ok).toBe(true);
  const view = call?.response.view as Record<string, unknown>;
  expect(validateView(view)).toEqual([]);
  return view;
}

async function submit(view: Record<string, unknown>, answers: Record<string, ModalAnswer>, userId = PAT) {
  return t.slack.viewSubmission({ userId, view, values: fillModal(view, answers) });
}

const initial = (view: Record<string, unknown>, blockId: string) =>
  (view.blocks as { block_id?: string; element?: Record<string, unknown> }[]).find(
    (b) => b.block_id === blockId,
  )?.element;

const schedules = () =>
  t.db.db.selectFrom("schedules").selectAll().where("job_kind", "=", "refinement.agenda").execute();
const settingsRows = () => t.db.db.selectFrom("refinement_settings").selectAll().execute();

async function tick(iso: string) {
  await t.bot.jobs.tick(new Date(iso));
  await t.bot.jobs.drain();
}

describe("/refine setup modal", () => {
  it("opens prefilled with defaults, saves in the chosen zone, confirms in the person's zone, posts at the instant", async () => {
    await seed("Vague one");
    await seed("Vague two");
    await seed("Vague three");
    const view = await openSetup();
    expect(initial(view, RefineIds.channelBlock)?.initial_conversation).toBe(CHANNEL);
    expect(initial(view, RefineIds.timeZoneBlock)?.initial_value).toBe("Europe/Berlin");

    const res = await submit(view, {
      [RefineIds.channelBlock]: OTHER,
      [RefineIds.weekdayBlock]: "3",
      [RefineIds.timeBlock]: "09:30",
      [RefineIds.timeZoneBlock]: "America/New_York",
      [RefineIds.countBlock]: "2",
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe("");

    const [schedule] = await schedules();
    expect(schedule?.time_zone).toBe("America/New_York");
    expect(JSON.parse(schedule?.recurrence ?? "{}")).toMatchObject({
      kind: "weekly",
      days: [3],
      time: "09:30",
    });
    // Wed 2 Dec 2026, 09:30 in New York (EST, UTC−5) = 14:30Z.
    expect(schedule?.next_due_at).toBe("2026-12-02T14:30:00.000Z");
    expect(await settingsRows()).toMatchObject([{ channel_id: OTHER, item_count: 2 }]);

    // Privately, where the command was run, with the next agenda in Pat's zone (Berlin, UTC+1).
    const confirm = await t.fake.waitFor("chat.postEphemeral");
    expect(confirm.args).toMatchObject({ channel: CHANNEL, user: PAT });
    const text = JSON.stringify(confirm.args.blocks);
    expect(text).toContain("Every Wednesday at 09:30 (America/New_York)");
    expect(text).toContain(`<#${OTHER}>`);
    expect(text).toContain("Wed 2 Dec 2026 at 15:30 your time (Europe/Berlin)");
    expect(text).not.toContain("⚠️");

    await tick("2026-12-02T14:29:00Z");
    expect(t.fake.messagesIn(OTHER)).toHaveLength(0);
    await tick("2026-12-02T14:30:00Z");
    const [agenda] = t.fake.messagesIn(OTHER);
    const posted = JSON.stringify(agenda?.blocks);
    expect(posted).toContain("Vague one");
    expect(posted).toContain("Vague two");
    expect(posted).not.toContain("Vague three");
    expect(posted).toContain("and 1 more");
    expect(validateMessageBlocks(agenda?.blocks ?? [])).toEqual([]);
    expect(t.fake.messagesIn(CHANNEL)).toHaveLength(0);
  });

  it("reopening shows the saved settings; saving again moves the one schedule", async () => {
    const first = await openSetup();
    await submit(first, {
      [RefineIds.channelBlock]: OTHER,
      [RefineIds.weekdayBlock]: "1",
      [RefineIds.timeBlock]: "10:45",
      [RefineIds.timeZoneBlock]: "asia/tokyo",
      [RefineIds.countBlock]: "12",
    });
    await t.fake.waitFor("chat.postEphemeral");

    // From another channel: the saved channel stays preselected, not the current one.
    const again = await openSetup(PAT, CHANNEL);
    expect(initial(again, RefineIds.channelBlock)?.initial_conversation).toBe(OTHER);
    expect(initial(again, RefineIds.weekdayBlock)?.initial_option).toMatchObject({ value: "1" });
    expect(initial(again, RefineIds.timeBlock)?.initial_time).toBe("10:45");
    expect(initial(again, RefineIds.timeZoneBlock)?.initial_value).toBe("Asia/Tokyo");
    expect(initial(again, RefineIds.countBlock)?.initial_value).toBe("12");

    // Submitting the prefilled form unchanged keeps it; then one field changed.
    expect((await submit(again, {})).body).toBe("");
    expect((await submit(again, { [RefineIds.timeBlock]: "08:00" })).body).toBe("");
    const rows = await schedules();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.time_zone).toBe("Asia/Tokyo");
    expect(JSON.parse(rows[0]?.recurrence ?? "{}")).toMatchObject({ days: [1], time: "08:00" });
    expect(await settingsRows()).toMatchObject([{ channel_id: OTHER, time: "08:00", item_count: 12 }]);
  });

  it("shows bad time, count and zone as field errors and saves nothing", async () => {
    const view = await openSetup();
    const res = await submit(view, {
      [RefineIds.timeBlock]: null,
      [RefineIds.countBlock]: "25",
      [RefineIds.timeZoneBlock]: "Berlin",
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      response_action: "errors",
      errors: {
        [RefineIds.timeBlock]: "Pick a time like 14:00.",
        [RefineIds.countBlock]: "Between 1 and 20 items, a whole number.",
        [RefineIds.timeZoneBlock]: "Use a time zone name like Europe/Berlin or America/New_York.",
      },
    });
    const zero = await submit(view, { [RefineIds.countBlock]: "0" });
    expect(JSON.parse(zero.body).errors).toEqual({ [RefineIds.countBlock]: expect.any(String) });
    await t.bot.settle();
    expect(await schedules()).toEqual([]);
    expect(await settingsRows()).toEqual([]);
    expect(t.fake.callsTo("chat.postEphemeral")).toEqual([]);
  });

  it("refuses a viewer privately without opening the form, and on submit if the role changed meanwhile", async () => {
    await grantRole(t.db.db, "U0VIEW", "viewer", PAT);
    t.fake.addUser({ id: "U0VIEW", name: "vic", tz: "Europe/Berlin" });
    await t.slack.command("/refine", "setup", { userId: "U0VIEW", channelId: CHANNEL });
    const refusal = await t.fake.waitForResponse((r) => JSON.stringify(r.body).includes("configure"));
    expect(JSON.stringify(refusal.body)).toMatch(/configure ceremonies/);
    expect(refusal.body).toMatchObject({ response_type: "ephemeral" });
    await t.bot.settle();
    expect(t.fake.callsTo("views.open")).toEqual([]);

    // Pat opens the form, then becomes a viewer before saving: the refusal lands on the form.
    const view = await openSetup();
    await grantRole(t.db.db, PAT, "viewer");
    const res = await submit(view, {});
    const body = JSON.parse(res.body);
    expect(body.response_action).toBe("errors");
    expect(body.errors[RefineIds.channelBlock]).toMatch(/configure ceremonies/);
    expect(await schedules()).toEqual([]);
    expect(await settingsRows()).toEqual([]);
  });

  it("saves a channel the bot isn't in but warns, as /standup setup does", async () => {
    const view = await openSetup();
    const res = await submit(view, { [RefineIds.channelBlock]: OUTSIDE });
    expect(res.body).toBe("");
    const confirm = await t.fake.waitFor("chat.postEphemeral");
    const text = JSON.stringify(confirm.args.blocks);
    expect(text).toContain(`<#${OUTSIDE}>`);
    expect(text).toContain("I'm not a member of that channel");
    expect(await settingsRows()).toMatchObject([{ channel_id: OUTSIDE }]);
  });

  it("defaults to UTC for someone without a Slack zone, and confirms by DM from a DM", async () => {
    t.fake.addUser({ id: "U0NOTZ", name: "nora" });
    const view = await openSetup("U0NOTZ", "D0NORA");
    expect(initial(view, RefineIds.timeZoneBlock)?.initial_value).toBe("UTC");
    expect(initial(view, RefineIds.channelBlock)).not.toHaveProperty("initial_conversation");
    const missing = await submit(view, {}, "U0NOTZ");
    expect(JSON.parse(missing.body).errors).toEqual({ [RefineIds.channelBlock]: expect.any(String) });
    const res = await submit(view, { [RefineIds.channelBlock]: CHANNEL }, "U0NOTZ");
    expect(res.body).toBe("");
    const dm = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === "U0NOTZ");
    expect(JSON.stringify(dm.args.blocks)).toContain("Every Thursday at 14:00 (UTC)");
  });
});
