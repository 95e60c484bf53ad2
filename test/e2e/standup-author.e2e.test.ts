/**
 * Standup answers in the report's thread under the person's name and avatar (chat:write.customize,
 * as Geekbot does), and the fallback for an install without that scope: the bot posts with the
 * person's name as a plain first line (escaped, never a mention), and edits keep that line.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StandupIds } from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";

const ANA = "U0ANA";
const HOSTILE = "U0HOST";
const CHANNEL = "C0TEAM";
const ANA_AVATAR = "https://avatars.slack-edge.com/2026-01-01/ana_72.png";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({
    now: "2026-11-29T12:00:00Z", // a Sunday
    scheduling: {
      jobs: { timers: false },
      pacing: { workspacePerSecond: 1000, perChannelPerSecond: 1000, channelBurst: 1000 },
    },
  });
  t.fake.addUser({ id: ANA, name: "Ana Silva", avatarUrl: ANA_AVATAR });
  // A display name typed to ping everyone and fake formatting: shown, never executed.
  t.fake.addUser({ id: HOSTILE, name: "<!channel> *Bo* <@U0ANA>", avatarUrl: null });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
});
afterEach(() => t.stop());

async function at(iso: string) {
  t.clock.set(iso);
  await t.bot.jobs.tick(new Date(iso));
  await t.bot.settle();
}

/** The text of a message's first block (the name line when there is one). */
const firstLine = (blocks: unknown) => ((blocks ?? []) as { text?: { text?: string } }[])[0]?.text?.text;

const threadPosts = () =>
  t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL && c.args.thread_ts);

async function setUp() {
  await t.slack.command("/standup", "setup", { userId: ANA, channelId: CHANNEL });
  const view = (await t.fake.waitFor("views.open")).response.view as Record<string, unknown>;
  const values = fillModal(view, {
    [StandupIds.nameBlock]: "Squad A",
    [StandupIds.channelBlock]: CHANNEL,
    [StandupIds.participantsBlock]: [ANA, HOSTILE],
    [StandupIds.timeBlock]: "09:00",
    [StandupIds.closeAfterBlock]: "240",
    [StandupIds.reminderBlock]: "60",
  });
  expect((await t.slack.viewSubmission({ userId: ANA, view, values })).status).toBe(200);
  await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === ANA);
  await at("2026-11-30T09:00:00Z"); // Monday 09:00 UTC: prompts and the report's parent
}

async function answer(user: string, texts: string[]) {
  const before = t.fake.callsTo("views.open").length;
  await t.slack.command("/standup", "", { userId: user, channelId: CHANNEL });
  const view = (await t.fake.waitForCount("views.open", before + 1)).at(-1)?.response.view as Record<
    string,
    unknown
  >;
  const answers: Record<string, string> = {};
  texts.forEach((text, i) => {
    answers[`${StandupIds.answerBlockPrefix}${i}`] = text;
  });
  const res = await t.slack.viewSubmission({ userId: user, view, values: fillModal(view, answers) });
  expect(res.status).toBe(200);
  await t.bot.settle();
}

describe("standup answers under the person's name", () => {
  it("posts each answer with the person's name and avatar, without a name line; an edit stays theirs", async () => {
    await setUp();
    t.clock.set("2026-11-30T09:10:00Z");
    await answer(ANA, ["Shipped login", "Signup tests", "none"]);
    const [post] = threadPosts();
    expect(post?.response.ok).toBe(true);
    expect(post?.args.username).toBe("Ana Silva");
    expect(post?.args.icon_url).toBe(ANA_AVATAR);
    const blocks = JSON.stringify(post?.args.blocks);
    expect(blocks).toContain("Shipped login");
    expect(blocks).not.toContain("*Ana Silva*"); // Slack shows the name as the author
    expect(validateMessageBlocks(post?.args.blocks as unknown[])).toEqual([]);
    const stored = t.fake.messagesIn(CHANNEL).find((m) => m.ts === post?.response.ts);
    expect(stored?.username).toBe("Ana Silva");
    expect(stored?.iconUrl).toBe(ANA_AVATAR);

    // A typed display name goes out as the author's name (Slack shows it as plain text); no
    // avatar is sent when the person has none; the notification text escapes it.
    await answer(HOSTILE, ["Reviews", "Payments", "none"]);
    const hostile = threadPosts().find((c) => JSON.stringify(c.args.blocks).includes("Payments"));
    expect(hostile?.args.username).toBe("<!channel> *Bo* <@U0ANA>");
    expect(hostile?.args.icon_url).toBeUndefined();
    expect(String(hostile?.args.text)).not.toMatch(/<!channel>|<@U0ANA>/);

    // Ana edits: chat.update in place (it can't change the author), still no name line.
    t.clock.set("2026-11-30T09:30:00Z");
    await answer(ANA, ["Shipped login and logout", "Signup tests", "none"]);
    const edit = t.fake.callsTo("chat.update").find((c) => c.args.ts === post?.response.ts);
    expect(JSON.stringify(edit?.args.blocks)).toContain("Shipped login and logout");
    expect(JSON.stringify(edit?.args.blocks)).not.toContain("*Ana Silva*");
    expect(t.fake.messagesIn(CHANNEL).find((m) => m.ts === post?.response.ts)?.username).toBe("Ana Silva");
  });

  it("keeps the avatar current: from users.list into the directory, and a new photo (user_change) is used next", async () => {
    await setUp();
    const stored = async () =>
      (
        await t.db.db
          .selectFrom("people")
          .select("avatar_url")
          .where("user_id", "=", ANA)
          .executeTakeFirstOrThrow()
      ).avatar_url;
    expect(await stored()).toBe(ANA_AVATAR);
    const ana = t.fake.workspace.users.get(ANA);
    const NEW = "https://avatars.slack-edge.com/2026-12-01/ana_new_72.png";
    if (ana) ana.avatarUrl = NEW;
    expect((await t.slack.event(t.fake.userEvent("user_change", ANA))).status).toBe(200);
    await t.bot.settle();
    expect(await stored()).toBe(NEW);
    t.clock.set("2026-11-30T09:10:00Z");
    await answer(ANA, ["Shipped login", "Signup tests", "none"]);
    expect(threadPosts()[0]?.args.icon_url).toBe(NEW);
  });

  it("without chat:write.customize: posts as the bot with an escaped name line, once refused, and edits keep the line", async () => {
    t.fake.withoutScope("chat:write.customize");
    await setUp();
    t.clock.set("2026-11-30T09:10:00Z");
    await answer(ANA, ["Shipped login", "Signup tests", "none"]);
    const [refused, post] = threadPosts();
    expect(refused?.response.error).toBe("missing_scope");
    expect(post?.response.ok).toBe(true);
    expect(post?.args.username).toBeUndefined();
    expect(post?.args.icon_url).toBeUndefined();
    expect(firstLine(post?.args.blocks)).toBe("*Ana Silva*");
    expect(JSON.stringify(post?.args.blocks)).toContain("Shipped login");
    expect(validateMessageBlocks(post?.args.blocks as unknown[])).toEqual([]);

    // The workspace is remembered as lacking the scope: the next answer costs one call, and a
    // typed name is escaped in its name line (shown, never a live mention).
    await answer(HOSTILE, ["Reviews", "Payments", "none"]);
    const hostileCalls = threadPosts().filter((c) => JSON.stringify(c.args.blocks).includes("Payments"));
    expect(hostileCalls).toHaveLength(1);
    expect(firstLine(hostileCalls[0]?.args.blocks)).toBe("*&lt;!channel&gt; *Bo* &lt;@U0ANA&gt;*");
    expect(JSON.stringify(hostileCalls[0]?.args)).not.toMatch(/<!channel>|<@U0ANA>/);

    // Her edit keeps the name line (the message was posted as the bot).
    t.clock.set("2026-11-30T09:30:00Z");
    await answer(ANA, ["Shipped login and logout", "Signup tests", "none"]);
    const edit = t.fake.callsTo("chat.update").find((c) => c.args.ts === post?.response.ts);
    expect(firstLine(edit?.args.blocks)).toBe("*Ana Silva*");
    expect(JSON.stringify(edit?.args.blocks)).toContain("Shipped login and logout");
  });
});
