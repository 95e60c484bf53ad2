/**
 * Property-based: whatever people type into commands and modals (empty, huge, emoji,
 * control characters, markdown, `<!channel>`, SQL-looking text), the app answers 200
 * with a clear reply, never crashes, never produces invalid Block Kit, and never lets
 * user text ping a channel.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUnitOfWork } from "../../src/db/unit-of-work.js";
import { createStoryService } from "../../src/services/story.service.js";
import { StoryBlocks } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks, validateView } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: "U1", name: "ana" });
  t.fake.addChannel({ id: "C1", name: "team" });
  // Stories whose text is hostile, so /backlog listings must escape it.
  const stories = createStoryService({ uow: createUnitOfWork(t.db.db), clock: t.clock });
  for (const title of [
    "<!channel> deploy now",
    "<@U123> & <!here>",
    "*unclosed _markdown ~",
    "<!everyone>",
  ]) {
    await stories.createStory({
      teamId: TEST_TEAM_ID,
      userId: "U1",
      draft: {
        title,
        persona: "<!channel>",
        want: "<@U123>",
        benefit: "",
        acceptanceCriteria: [],
        estimate: null,
        priority: "low",
        labels: [],
      },
    });
  }
});
afterAll(() => t.stop());

const sane = fc.constantFrom(
  "product owner",
  "export the backlog",
  "Given x when y then z",
  "billing",
  "A title",
);
const nasty = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "<!channel>",
    "<!here> please",
    "<@U123> & <#C1|team>",
    "*bold* _it_ ~s~ `code` ```block```",
    "'; DROP TABLE stories; --",
    "Robert'); DELETE FROM backlog_events WHERE 1=1; --",
    "\u0000\u0007\u001b[31mred\u007f",
    "😀👩🏽‍💻🇩🇪",
    "長い日本語のタイトル",
    "مرحبا",
    "%_\\",
    "none",
    "50",
    "100000000000000000000",
  ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ minLength: 2900, maxLength: 5000 }),
);

/** User text must reach mrkdwn escaped: no raw `<!…>` or `<@…>` from input may survive. */
function expectNoRawMentions(payload: unknown) {
  // Button/option `value`s are never rendered (they come back to the app on a click), so they may
  // carry the raw search text; everything Slack displays must be escaped.
  const json = JSON.stringify(payload, (key, v) => (key === "value" ? undefined : v));
  expect(json).not.toMatch(/<!(channel|here|everyone)/);
  expect(json).not.toMatch(/<@U123>/);
}

describe("command text", () => {
  it("/backlog answers any text with a valid ephemeral message", async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (text) => {
        const before = t.fake.responses.length;
        const res = await t.slack.command("/backlog", text, { userId: "U1", channelId: "C1" });
        expect(res.status).toBe(200);
        const r = await t.fake.waitForResponse((x) => t.fake.responses.indexOf(x) >= before);
        const body = r.body as { response_type: string; blocks: unknown[]; text: string };
        expect(body.response_type).toBe("ephemeral");
        expect(body.text.length).toBeGreaterThan(0);
        expect(validateMessageBlocks(body.blocks)).toEqual([]);
        expectNoRawMentions(body.blocks);
      }),
      { numRuns: 40 },
    );
  });

  it("/story opens a valid modal for any text", async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (text) => {
        t.fake.clearCalls();
        const res = await t.slack.command("/story", text, { userId: "U1", channelId: "C1" });
        expect(res.status).toBe(200);
        const call = await t.fake.waitFor("views.open");
        expect(call.response.ok).toBe(true);
        expect(validateView(call.args.view)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("/scrum answers any subcommand with help", async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (text) => {
        const before = t.fake.responses.length;
        const res = await t.slack.command("/scrum", text, { userId: "U1", channelId: "C1" });
        expect(res.status).toBe(200);
        const r = await t.fake.waitForResponse((x) => t.fake.responses.indexOf(x) >= before);
        expect(validateMessageBlocks((r.body as { blocks: unknown[] }).blocks)).toEqual([]);
        expectNoRawMentions(r.body);
      }),
      { numRuns: 30 },
    );
  });
});

describe("story modal values", () => {
  it("any submission gets field errors or a saved story with an escaped confirmation — never a 5xx", async () => {
    t.fake.clearCalls();
    await t.slack.command("/story", "", { userId: "U1", channelId: "C1" });
    const view = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
    const knownBlocks = new Set<string>(Object.values(StoryBlocks));
    // Mostly-sane persona/want so that hostile titles and criteria often get saved and rendered.
    const field = fc.oneof({ arbitrary: sane, weight: 3 }, { arbitrary: nasty, weight: 1 });

    await fc.assert(
      fc.asyncProperty(nasty, field, field, nasty, field, async (title, persona, want, criteria, labels) => {
        t.fake.clearCalls();
        const values = fillModal(view, { [StoryBlocks.priority]: "low", [StoryBlocks.estimate]: "3" });
        // Bypass client-side max_length like a forged request would.
        const set = (block: string, v: string) => {
          (values[block] as Record<string, { value: string | null }>).value!.value = v;
        };
        set(StoryBlocks.title, title);
        set(StoryBlocks.persona, persona);
        set(StoryBlocks.want, want);
        set(StoryBlocks.acceptanceCriteria, criteria);
        set(StoryBlocks.labels, labels);
        const before = await t.db.db
          .selectFrom("stories")
          .select(t.db.db.fn.countAll<number>().as("n"))
          .executeTakeFirst();
        const res = await t.slack.viewSubmission({ userId: "U1", view, values });
        expect(res.status).toBe(200);
        // A new story is saved after its ack: count once its work is done.
        await t.bot.settle();
        const after = await t.db.db
          .selectFrom("stories")
          .select(t.db.db.fn.countAll<number>().as("n"))
          .executeTakeFirst();
        if (res.body === "") {
          expect(Number(after?.n)).toBe(Number(before?.n) + 1);
          const confirmation = await t.fake.waitFor("chat.postEphemeral");
          expect(confirmation.response.ok).toBe(true);
          expectNoRawMentions(confirmation.args.blocks);
        } else {
          const json = res.json as { response_action: string; errors: Record<string, string> };
          expect(json.response_action).toBe("errors");
          for (const [block, message] of Object.entries(json.errors)) {
            expect(knownBlocks.has(block)).toBe(true);
            expect(message.length).toBeGreaterThan(5);
            expect(message).not.toMatch(/ZodError|Error:|undefined/);
          }
          expect(Number(after?.n)).toBe(Number(before?.n)); // nothing half-saved
        }
      }),
      { numRuns: 80 },
    );
  });
});
