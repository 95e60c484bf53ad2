/**
 * The playground's Block Kit renderer, rendered to static HTML with react-dom/server: structure,
 * mrkdwn, hostile text staying inert, validation boxes, and the real payloads the app sends.
 * (The interactive behaviour is covered in a real browser by blockkit.browser.test.ts.)
 */
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { summarizeVotes } from "../../../src/domain/poker.js";
import { backlogMessage } from "../../../src/views/backlog.view.js";
import { escapeMrkdwn } from "../../../src/views/format.js";
import { pokerMessage } from "../../../src/views/poker.view.js";
import {
  backlog,
  CHANNELS,
  digest,
  formModal,
  home,
  kitchenSink,
  PEOPLE,
  pokerRevealed,
  pokerVoting,
  retroAction,
  standupReport,
  standupSetup,
  storyCapture,
} from "../../../web/src/blockkit/gallery-data.js";
import {
  type BlockAction,
  Blocks,
  ModalView,
  Mrkdwn,
  type RenderContext,
} from "../../../web/src/blockkit/index.js";
import { stateValues } from "../../../web/src/blockkit/state.js";
import { HOSTILE_LINE, HOSTILE_MARKERS, hostileText } from "../../support/hostile-text.js";
import { maxStory } from "../views/fixtures.js";

const actions: BlockAction[] = [];
const ctx: RenderContext = {
  onAction: (a) => actions.push(a),
  userName: (id) => PEOPLE.find((p) => p.id === id)?.name ?? `user ${id}`,
  channelName: (id) => CHANNELS.find((c) => c.id === id)?.name ?? `channel ${id}`,
  people: () => PEOPLE,
  channels: () => CHANNELS,
  now: () => Date.parse("2026-12-02T09:30:00Z"),
  timeZone: () => "Europe/Berlin",
};

const md = (text: string) => renderToStaticMarkup(h(Mrkdwn, { text, ctx }));
const blocks = (b: readonly unknown[]) => renderToStaticMarkup(h(Blocks, { blocks: b, ctx }));
const modal = (view: unknown, errors?: Record<string, string>) =>
  renderToStaticMarkup(h(ModalView, { view, errors, ctx, onSubmit: () => {}, onClose: () => {} }));
/** Visible text of some markup (tags dropped, entities decoded). */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");

describe("mrkdwn", () => {
  it("styles bold, italic, strike and code, nested, only at word boundaries", () => {
    expect(md("*bold* _it_ ~gone~ `x*y*z`")).toContain(
      '<b>bold</b> <i>it</i> <s>gone</s> <code class="bk-code">x*y*z</code>',
    );
    expect(md("*_both_*")).toContain("<b><i>both</i></b>");
    expect(md("snake_case_name and 2*3*4")).not.toMatch(/<[bi]>/);
    expect(md("* not bold *")).not.toContain("<b>");
    expect(md("*no\nclose*")).not.toContain("<b>");
  });

  it("shows code blocks, quotes and list lines", () => {
    const html = md(
      "before\n```\nconst a = *1*;\n```\n> quoted *text*\n&gt; escaped quote\n• item\n1. first",
    );
    expect(html).toContain('<pre class="bk-pre">const a = *1*;</pre>');
    expect(html).toMatch(
      /<blockquote class="bk-quote"><div>quoted <b>text<\/b><\/div><div>escaped quote<\/div><\/blockquote>/,
    );
    expect(html).toContain('<div class="bk-line bk-list-line">• item</div>');
    expect(html).toContain('<div class="bk-line bk-list-line">1. first</div>');
    expect(textOf(md(">>> all\nof this"))).toBe("allof this");
    expect(md(">>> all\nof this").match(/<blockquote/g)).toHaveLength(1);
  });

  it("makes links only for http(s) and mailto, opening a new tab", () => {
    expect(md("<https://example.com/a?b=1&amp;c=2|the docs>")).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    );
    expect(md("<mailto:po@example.com>")).toContain('href="mailto:po@example.com"');
    const js = md("<javascript:alert(1)|click me>");
    expect(js).not.toContain("href");
    expect(textOf(js)).toBe("click me");
  });

  it("links bare http(s) URLs as Slack does, leaving trailing punctuation and other schemes as text", () => {
    const html = md("see https://example.com/a?b=1&amp;c=2. or javascript:alert(1)");
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">',
    );
    expect(textOf(html)).toBe("see https://example.com/a?b=1&c=2. or javascript:alert(1)");
    expect(html.match(/<a /g)).toHaveLength(1);
  });

  it("shows mentions and broadcasts as names, never live", () => {
    const html = md("<@U0TOKYO> <@U0NOBODY|bob> <#C0TEAM> <#C0X|ops> <!here> <!channel> <!subteam^S1|@devs>");
    expect(textOf(html)).toBe("@Kenji Sato @user U0NOBODY #team #channel C0X @here @channel @devs");
    expect(html).toContain('data-user-id="U0TOKYO"');
    expect(html).not.toContain("<!");
  });

  it("formats <!date> in the viewer's zone, relative to the shared clock", () => {
    // 1796202000 = 2026-12-02T09:00:00Z = 10:00 in Berlin, and "today" by ctx.now.
    expect(textOf(md("<!date^1796202000^{date_short_pretty} at {time}|fallback>"))).toBe("today at 10:00 AM");
    expect(textOf(md("<!date^1796202000^{date_num}|x>"))).toBe("2026-12-02");
    expect(textOf(md("<!date^nope^{date}|2 Dec>"))).toBe("2 Dec");
  });

  it("turns known :shortcodes: into emoji and leaves unknown ones and times as text", () => {
    const text = textOf(
      md(":white_check_mark: :warning: :tada: :calendar: :one: :+1::skin-tone-3: :party_parrot: 10:30:00"),
    );
    expect(text).toBe("✅ ⚠️ 🎉 📆 1️⃣ 👍 :party_parrot: 10:30:00");
  });

  it("decodes Slack's three entities once", () => {
    expect(textOf(md("&lt;b&gt; AT&amp;T &amp;lt; &quot;"))).toBe("<b> AT&T &lt; &quot;");
  });

  it("keeps hostile text inert: no tags, no live mentions, no script", () => {
    for (const text of [
      "<script>alert(1)</script>",
      "&lt;script&gt;alert(1)&lt;/script&gt;",
      '<img src=x onerror="alert(1)">',
      HOSTILE_LINE,
    ]) {
      const html = md(text);
      expect(html).not.toMatch(/<script|<img|<[a-z]+[^>]*\sonerror=|href="javascript/i);
    }
    expect(textOf(md("&lt;script&gt;alert(1)&lt;/script&gt;"))).toBe("<script>alert(1)</script>");
  });
});

describe("blocks", () => {
  it("draws the kitchen sink, with a visible box for each block Slack would refuse", () => {
    const html = blocks(kitchenSink().blocks);
    expect(html).toContain(
      '<h2 class="bk-header" data-block-id="bk-auto-0">🎉 Everything the renderer draws</h2>',
    );
    expect(html).toContain('class="bk-btn bk-btn-primary"');
    expect(html).toContain('class="bk-btn bk-btn-danger"');
    expect(html).toContain('aria-label="More actions" aria-haspopup="menu"');
    expect(html).toContain('aria-haspopup="listbox"');
    expect(html).toContain('type="date"');
    expect(html).toContain('value="2026-12-02"');
    expect(html).toContain('type="time"');
    expect(html).toContain('<ul class="bk-rt-list bk-rt-indent-0">');
    expect(html).toContain('<blockquote class="bk-quote">');
    expect(textOf(html)).toContain("Rich text: bold @Maya Johnson 🚀");
    // Remote images are not loaded without ctx.imageUrl: a placeholder with the alt text shows.
    expect(html).not.toContain("<img");
    expect(html).toContain('role="img" aria-label="Burndown of Sprint 4"');
    const boxes = html.match(/class="bk-error-box"/g) ?? [];
    expect(boxes).toHaveLength(2);
    expect(textOf(html)).toContain('unsupported block type "sparkle"');
    expect(textOf(html)).toContain("must provide text or fields");
    expect(textOf(html)).toContain("blocks[9]");
  });

  it("loads images through ctx.imageUrl", () => {
    const html = renderToStaticMarkup(
      h(Blocks, {
        blocks: [{ type: "image", image_url: "https://files.slack.test/burndown.png", alt_text: "Burndown" }],
        ctx: { ...ctx, imageUrl: (url) => `/files?u=${encodeURIComponent(url)}` },
      }),
    );
    expect(html).toContain(
      '<img class="bk-image" src="/files?u=https%3A%2F%2Ffiles.slack.test%2Fburndown.png" alt="Burndown"/>',
    );
  });

  it("refuses what Slack refuses: bad element types, over-long text, non-arrays, and never crashes", () => {
    const html = blocks([
      { type: "actions", elements: [{ type: "plain_text_input", action_id: "x" }] },
      { type: "header", text: { type: "mrkdwn", text: "*no*" } },
      { type: "header", text: { type: "plain_text", text: "x".repeat(151) } },
      {
        type: "section",
        text: { type: "mrkdwn", text: "ok" },
        accessory: { type: "button", text: { type: "plain_text" } },
      },
      {
        type: "input",
        label: { type: "plain_text", text: "L" },
        element: { type: "button", text: { type: "plain_text", text: "b" } },
      },
      null,
      "divider",
      { type: "context", elements: "nope" },
    ]);
    expect(html.match(/class="bk-error-box"/g)).toHaveLength(8);
    expect(textOf(html)).toContain('element type "plain_text_input" is not supported here');
    expect(textOf(html)).toContain("must be at most 150 characters");
    expect(textOf(renderToStaticMarkup(h(Blocks, { blocks: "x" as unknown as unknown[], ctx })))).toContain(
      "blocks must be an array",
    );
  });

  it("refuses repeated block_ids and action_ids, and initial options that aren't options", () => {
    const section = { type: "section", block_id: "same", text: { type: "mrkdwn", text: "x" } };
    const button = (action_id: string) => ({
      type: "button",
      action_id,
      text: { type: "plain_text", text: "b" },
    });
    const option = (v: string) => ({ text: { type: "plain_text", text: v }, value: v });
    const html = blocks([
      section,
      section,
      { type: "actions", elements: [button("a"), button("a")] },
      {
        type: "actions",
        elements: [{ type: "static_select", options: [option("a")], initial_option: option("b") }],
      },
      {
        type: "actions",
        elements: [{ type: "checkboxes", options: [option("a")], initial_options: [option("a")] }],
      },
    ]);
    expect(html.match(/class="bk-error-box"/g)).toHaveLength(3);
    const text = textOf(html);
    expect(text).toContain('block_id "same" is already used by blocks[0]');
    expect(text).toContain('action_id "a" is used twice in this block');
    expect(text).toContain("must be one of the options");
  });

  it("renders the app's real messages with no error box: backlog, standup report, poker, digest", () => {
    const cases: [string, { blocks: unknown[] }, string[]][] = [
      ["backlog", backlog(), ["Export the backlog to CSV", "Single sign-on with Okta"]],
      ["standup report", standupReport(), ["Waiting for the Okta test tenant", "Kenji Sato"]],
      ["poker voting", pokerVoting(), ["Export the backlog to CSV"]],
      ["poker revealed", pokerRevealed(), ["Excel quirks <b>always</b> bite"]],
      ["digest", digest(), ["Sprint 4", "Ship the CSV export"]],
      ["home", home(), ["Pair on the Okta setup", "Export the backlog to CSV"]],
    ];
    for (const [name, message, expected] of cases) {
      const html = blocks(message.blocks);
      expect(html, name).not.toContain("bk-error-box");
      for (const words of expected) expect(textOf(html), `${name}: ${words}`).toContain(words);
      // The app escapes typed text once: it shows as typed, never as entities or live mentions.
      expect(textOf(html), name).not.toMatch(/&(lt|gt|amp);/);
      expect(html, name).not.toMatch(/<script|<b>always/);
    }
  });
});

describe("hostile text through the app's builders", () => {
  it("a backlog of hostile stories shows every marker as text: no mention, broadcast or disguised link", () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ story: maxStory(i + 1), position: i + 1 }));
    const page = {
      entries,
      matched: 20,
      total: 20,
      offset: 0,
      limit: 20,
      words: hostileText(300).split(" "),
    };
    const html = blocks(backlogMessage(page, { controls: "po" }).blocks);
    const text = textOf(html);
    expect(text).toContain("<!channel>"); // shown as typed…
    expect(text).toContain("<@UHOSTILE1>");
    expect(html).not.toContain("bk-mention"); // …never as a mention or broadcast
    expect(html).not.toContain("bk-error-box");
  });

  it("every hostile marker escaped by the app's escapeMrkdwn shows as typed; a typed link can't get a label", () => {
    const html = md(escapeMrkdwn(HOSTILE_LINE));
    for (const marker of HOSTILE_MARKERS) expect(textOf(html)).toContain(marker); // mrkdwn styling aside
    expect(html).not.toContain("bk-mention");
    // Typed bare URLs are linked, as Slack links them, but always showing their own URL:
    // "<http://hostile.example|y>" can't become a link labelled "y".
    const links = [...html.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)];
    expect(links.map(([, href]) => href)).toEqual([
      "http://hostile.example",
      "https://hostile.example/a?b=1&amp;c=2",
    ]);
    for (const [, href, label] of links) expect(label).toBe(href);
  });

  it("a revealed poker board with hostile reasons too", () => {
    const votes = ["U0TOKYO", "U0NYC"].map((userId) => ({
      userId,
      value: "5" as const,
      reason: hostileText(200),
      votedAt: new Date("2026-12-02T09:00:00Z"),
    }));
    const html = blocks(
      pokerMessage({
        session: {
          id: 1,
          teamId: "T1",
          channelId: "C0TEAM",
          storyId: 1,
          facilitatorId: "U0PO",
          invited: ["U0TOKYO", "U0NYC"],
          round: 1,
          state: "revealed",
          deadlineAt: null,
          messageTs: null,
          acceptedEstimate: null,
          acceptedBy: null,
          createdAt: new Date("2026-12-02T09:00:00Z"),
          revealedAt: new Date("2026-12-02T09:00:00Z"),
          closedAt: null,
        },
        story: maxStory(1),
        voters: ["U0TOKYO", "U0NYC"],
        revealed: { votes, summary: summarizeVotes(votes), currentEstimate: null },
      }).blocks,
    );
    expect(html).not.toContain("bk-error-box");
    expect(html).not.toContain("bk-broadcast");
    expect(html).not.toMatch(/data-user-id="UHOSTILE/);
    expect(textOf(html)).toContain("<!here>");
  });
});

describe("modals", () => {
  it("draws title, labels tied to their controls, optional markers, hint, Cancel and Submit", () => {
    const html = modal(formModal());
    expect(html).toMatch(
      /role="dialog" aria-modal="true" aria-labelledby="([^"]+)"><div class="bk-modal-header"><h2 class="bk-modal-title" id="\1">Every input<\/h2>/,
    );
    const label = /<label class="bk-label" id="[^"]+" for="([^"]+)">Title<\/label><input id="\1"/.exec(html);
    expect(label).not.toBeNull();
    expect(html).toContain('maxLength="150"');
    expect(textOf(html)).toContain("Notes (optional)");
    expect(html).toContain('<div class="bk-hint"');
    expect(html).toContain(">Cancel</button>");
    expect(html).toContain('type="submit" class="bk-btn bk-btn-primary">Save</button>');
    expect(html).toMatch(/role="radiogroup" class="bk-choices" aria-labelledby="[^"]+-label"/);
  });

  it("shows the app's field errors under their fields", () => {
    const html = modal(formModal(), { title: "Give the story a title of at least 3 characters." });
    expect(html).toMatch(
      /bk-input-block bk-has-error" data-block-id="title".*aria-invalid="true".*role="alert">Give the story a title of at least 3 characters\.<\/div>/,
    );
  });

  it("renders the app's real modals: story capture, standup setup, retro action", () => {
    for (const view of [storyCapture(), standupSetup(), retroAction()]) {
      const html = modal(view);
      expect(html).not.toContain("bk-error-box");
      expect(html).toContain("bk-modal-title");
    }
    expect(textOf(modal(storyCapture()))).toContain("New user story");
    expect(modal(storyCapture())).toContain('value="Export to CSV"');
  });

  it("refuses a view Slack would refuse, still closable", () => {
    const long = modal({ type: "modal", title: { type: "plain_text", text: "x".repeat(25) }, blocks: [] });
    expect(textOf(long)).toContain("must be at most 24 characters");
    const noSubmit = modal({ ...formModal(), submit: undefined });
    expect(textOf(noSubmit)).toContain("must provide submit when the view has input blocks");
    expect(noSubmit).toContain('aria-label="Close"');
  });

  it("state.values starts from the initial values, in Slack's shape", () => {
    const values = stateValues(formModal().blocks, {}, ctx);
    expect(values).toEqual({
      title: { v: { type: "plain_text_input", value: null } },
      notes: { v: { type: "plain_text_input", value: "first line" } },
      points: { v: { type: "number_input", value: null } },
      labels: {
        v: { type: "multi_static_select", selected_options: [{ text: expect.any(Object), value: "ux" }] },
      },
      owner: { v: { type: "users_select", selected_user: "U0NYC" } },
      watchers: { v: { type: "multi_users_select", selected_users: [] } },
      channel: { v: { type: "conversations_select", selected_conversation: "C0TEAM" } },
      due: { v: { type: "datepicker", selected_date: "2026-12-09" } },
      at: { v: { type: "timepicker", selected_time: "09:00" } },
      days: { v: { type: "checkboxes", selected_options: [{ text: expect.any(Object), value: "1" }] } },
      mode: { v: { type: "radio_buttons", selected_option: expect.objectContaining({ value: "member" }) } },
    });
    expect(actions).toEqual([]); // rendering alone sends nothing
  });
});
