/**
 * Home's quick actions per role, end to end over signed HTTP, the fake Slack and the database:
 * which buttons each role sees (New story, Open backlog, Write my standup, Triage) and that each
 * opens what it says — the story form, the backlog, the person's standup answer form (or why there
 * is none and what to do), the triage inbox whose buttons stack their forms on it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActionIds, HomeIds, RequestBlocks, StandupIds, StoryBlocks, ViewIds } from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { validateView } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";
import { grantRole } from "../support/roles.js";

const PO = "U0PO";
const DEV = "U0DEV";
const VIEWER = "U0VIEW";
const CHANNEL = "C0TEAM";

type View = Record<string, unknown> & { blocks: { type: string; block_id?: string }[] };

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ now: "2026-11-30T10:00:00Z", scheduling: { jobs: { timers: false } } }); // a Monday
  t.fake.addUser({ id: PO, name: "pat" });
  t.fake.addUser({ id: DEV, name: "dev" });
  t.fake.addUser({ id: VIEWER, name: "vic" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  await grantRole(t.db.db, PO, "product_owner");
  await grantRole(t.db.db, VIEWER, "viewer");
});
afterEach(() => t.stop());

async function openHome(user: string): Promise<View> {
  const before = t.fake.callsTo("views.publish").length;
  await t.slack.event({ type: "app_home_opened", user, channel: "D0HOME", tab: "home" });
  const call = (await t.fake.waitForCount("views.publish", before + 1))[before];
  expect(call?.args.user_id).toBe(user);
  const view = call?.args.view as View;
  expect(validateView(view)).toEqual([]);
  return view;
}

/** The quick action buttons' labels, in order. */
function quickLabels(home: View): string[] {
  const row = home.blocks.find((b) => b.block_id === HomeIds.quickBlock) as
    | { elements: { text: { text: string }; style?: string }[] }
    | undefined;
  return (row?.elements ?? []).map((e) => e.text.text);
}

/** Clicks a quick action on `user`'s Home; @returns the modal it opened (or null when none did). */
async function click(user: string, home: View, actionId: string): Promise<View | null> {
  const opened = t.fake.callsTo("views.open").length;
  const res = await t.slack.blockAction({
    userId: user,
    view: { ...home, id: "V0HOME" },
    actions: [{ action_id: actionId, block_id: HomeIds.quickBlock, value: "x" }],
  });
  expect(res.status).toBe(200);
  await t.bot.settle();
  const call = t.fake.callsTo("views.open")[opened];
  if (!call) return null;
  expect(call.response.ok).toBe(true);
  const view = call.response.view as View;
  expect(validateView(view)).toEqual([]);
  return view;
}

async function sendRequest(what: string) {
  await t.slack.command("/request", what, { userId: VIEWER, channelId: CHANNEL });
  const view = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
  await t.slack.viewSubmission({
    userId: VIEWER,
    view,
    values: fillModal(view, { [RequestBlocks.urgency]: "high" }),
  });
  await t.bot.settle();
  t.fake.clearCalls();
}

async function addStory(user: string, title: string) {
  await t.slack.command("/story", title, { userId: user, channelId: CHANNEL });
  const view = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
  await t.slack.viewSubmission({ userId: user, view, values: fillModal(view, {}) });
  await t.bot.settle();
  t.fake.clearCalls();
}

async function setUpStandup(owner: string, participants: string[]) {
  const opened = t.fake.callsTo("views.open").length;
  await t.slack.command("/standup", "setup", { userId: owner, channelId: CHANNEL });
  const setup = (await t.fake.waitForCount("views.open", opened + 1)).at(-1)?.response.view as Record<
    string,
    unknown
  >;
  const res = await t.slack.viewSubmission({
    userId: owner,
    view: setup,
    values: fillModal(setup, {
      [StandupIds.nameBlock]: "Squad A",
      [StandupIds.channelBlock]: CHANNEL,
      [StandupIds.participantsBlock]: participants,
      [StandupIds.timeBlock]: "09:00",
    }),
  });
  expect(res.body).toBe("");
  await t.bot.settle();
}

describe("Home quick actions", () => {
  it("product owner: all four; New story opens the story form, Open backlog the backlog, Triage the inbox", async () => {
    await addStory(PO, "Export to CSV");
    await sendRequest("A dashboard for <!channel> finance");
    const home = await openHome(PO);
    expect(quickLabels(home)).toEqual(["New story", "Open backlog", "Write my standup", "Triage"]);

    const story = await click(PO, home, HomeIds.newStory);
    expect(story?.callback_id).toBe(ViewIds.storyCreate);
    // The form works from Home: saved, with no channel to answer in the confirmation goes to a DM.
    const values = fillModal(story as Record<string, unknown>, { [StoryBlocks.title]: "Saved from Home" });
    await t.slack.viewSubmission({ userId: PO, view: story as Record<string, unknown>, values });
    await t.bot.settle();
    const titles = (await t.db.db.selectFrom("stories").select("title").execute()).map((r) => r.title);
    expect(titles).toContain("Saved from Home");

    const backlog = JSON.stringify(await click(PO, home, HomeIds.openBacklog));
    expect(backlog).toContain("Product backlog");
    expect(backlog).toContain("Export to CSV");
    expect(backlog).toContain("Saved from Home");
    expect(backlog).not.toContain('"type":"actions"'); // no paging buttons a modal couldn't serve

    const triage = await click(PO, home, HomeIds.openTriage);
    const triageText = JSON.stringify(triage);
    expect(triageText).toContain("Triage inbox");
    expect(triageText).toContain("A dashboard for &lt;!channel&gt; finance");
    // Accept inside the triage modal stacks the story form on it (views.push, not views.open).
    const pushes = t.fake.callsTo("views.push").length;
    const requestId = triageText.match(/"block_id":"triage_act_(\d+)"/)?.[1] ?? "";
    await t.slack.blockAction({
      userId: PO,
      view: triage as Record<string, unknown>,
      actions: [
        {
          action_id: ActionIds.requestAccept,
          block_id: `triage_act_${requestId}`,
          value: requestId,
        },
      ],
    });
    const pushed = (await t.fake.waitForCount("views.push", pushes + 1)).at(-1);
    expect(pushed?.response.ok).toBe(true);
    expect((pushed?.args.view as Record<string, unknown> | undefined)?.callback_id).toBe(ViewIds.storyCreate);
  });

  it("team member: no Triage; Write my standup says there is none and what to do, then opens their form", async () => {
    const home = await openHome(DEV);
    expect(quickLabels(home)).toEqual(["New story", "Open backlog", "Write my standup"]);

    const none = JSON.stringify(await click(DEV, home, HomeIds.writeStandup));
    expect(none).toContain("You're not in any standup yet");
    expect(none).toContain("/standup setup");

    // DEV sets up a standup with themself in it: the button opens the answer form for today.
    await setUpStandup(DEV, [DEV]);
    const form = await click(DEV, home, HomeIds.writeStandup);
    expect(form?.callback_id).toBe(StandupIds.answerView);
    expect(JSON.stringify(form)).toContain("Squad A");

    // Triage isn't theirs: a stale button is refused privately, nothing opens.
    expect(await click(DEV, home, HomeIds.openTriage)).toBeNull();
    await t.fake.waitFor(
      "chat.postMessage",
      (c) => c.args.channel === DEV && /can triage requests/.test(String(c.args.text)),
    );
  });

  it("viewer: only Open backlog (and Write my standup once in a standup); New story is refused", async () => {
    await addStory(PO, "Export to CSV");
    const home = await openHome(VIEWER);
    expect(quickLabels(home)).toEqual(["Open backlog"]);
    const backlog = JSON.stringify(await click(VIEWER, home, HomeIds.openBacklog));
    expect(backlog).toContain("Export to CSV");

    expect(await click(VIEWER, home, HomeIds.newStory)).toBeNull();
    await t.fake.waitFor(
      "chat.postMessage",
      (c) => c.args.channel === VIEWER && /can create stories/.test(String(c.args.text)),
    );

    await setUpStandup(PO, [PO, VIEWER]);
    expect(quickLabels(await openHome(VIEWER))).toEqual(["Open backlog", "Write my standup"]);
  });
});
