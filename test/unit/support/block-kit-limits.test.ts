/** The pure Block Kit limit checks report exactly what Slack would refuse, and nothing it accepts. */
import { describe, expect, it } from "vitest";
import { LIMITS, validateMessageBlocks, validateView } from "../../support/block-kit-limits.js";

const plain = (text: string) => ({ type: "plain_text", text });
const section = (text: string, extra: object = {}) => ({
  type: "section",
  text: { type: "mrkdwn", text },
  ...extra,
});
const button = (text: string, action_id = "a") => ({ type: "button", text: plain(text), action_id });
const options = (n: number, text = "opt") =>
  Array.from({ length: n }, (_, i) => ({ text: plain(text), value: `v${i}` }));
const input = (element: object, block_id = "b") => ({
  type: "input",
  block_id,
  label: plain("Label"),
  element,
});
const modal = (extra: object = {}) => ({
  type: "modal",
  title: plain("Title"),
  submit: plain("Save"),
  blocks: [],
  ...extra,
});

describe("validateMessageBlocks", () => {
  it("accepts blocks exactly at every limit", () => {
    const blocks = [
      section("x".repeat(LIMITS.sectionText)),
      { type: "header", text: plain("h".repeat(150)) },
      {
        type: "section",
        fields: Array.from({ length: 10 }, () => ({ type: "mrkdwn", text: "f".repeat(2000) })),
      },
      { type: "actions", elements: Array.from({ length: 25 }, (_, i) => button("b".repeat(75), `a${i}`)) },
      { type: "context", elements: Array.from({ length: 10 }, () => ({ type: "mrkdwn", text: "c" })) },
      { type: "divider", block_id: "x".repeat(255) },
      section("pick", {
        accessory: { type: "static_select", action_id: "s", options: options(100, "o".repeat(75)) },
      }),
    ];
    expect(
      validateMessageBlocks([...blocks, ...Array.from({ length: 43 }, () => ({ type: "divider" }))]),
    ).toEqual([]);
  });

  it.each([
    [
      "51 blocks",
      Array.from({ length: 51 }, () => ({ type: "divider" })),
      "no more than 50 items allowed [json-pointer:/blocks]",
    ],
    [
      "section text 3001",
      [section("x".repeat(3001))],
      "must be less than 3001 characters [json-pointer:/blocks/0/text/text]",
    ],
    ["header 151", [{ type: "header", text: plain("h".repeat(151)) }], "[json-pointer:/blocks/0/text/text]"],
    ["header mrkdwn", [{ type: "header", text: { type: "mrkdwn", text: "h" } }], "must be plain_text"],
    [
      "11 fields",
      [{ type: "section", fields: Array.from({ length: 11 }, () => plain("f")) }],
      "/blocks/0/fields]",
    ],
    ["field 2001", [{ type: "section", fields: [plain("f".repeat(2001))] }], "/blocks/0/fields/0/text]"],
    [
      "button text 76",
      [{ type: "actions", elements: [button("b".repeat(76))] }],
      "/blocks/0/elements/0/text/text]",
    ],
    [
      "26 actions",
      [{ type: "actions", elements: Array.from({ length: 26 }, (_, i) => button("b", `a${i}`)) }],
      "/blocks/0/elements]",
    ],
    [
      "11 context",
      [{ type: "context", elements: Array.from({ length: 11 }, () => plain("c")) }],
      "/blocks/0/elements]",
    ],
    ["block_id 256", [{ type: "divider", block_id: "x".repeat(256) }], "/blocks/0/block_id]"],
    [
      "action_id 256",
      [{ type: "actions", elements: [button("b", "a".repeat(256))] }],
      "/blocks/0/elements/0/action_id]",
    ],
    [
      "duplicate block_id",
      [
        { type: "divider", block_id: "d" },
        { type: "divider", block_id: "d" },
      ],
      "duplicate block_id: d",
    ],
    [
      "duplicate action_id",
      [{ type: "actions", elements: [button("1"), button("2")] }],
      "duplicate action_id: a",
    ],
    [
      "101 options",
      [section("s", { accessory: { type: "static_select", options: options(101) } })],
      "/accessory/options]",
    ],
    [
      "option text 76",
      [section("s", { accessory: { type: "static_select", options: options(1, "o".repeat(76)) } })],
      "/accessory/options/0/text/text]",
    ],
    ["empty section text", [section("")], "must be more than 0 characters"],
    ["unknown block", [{ type: "sectoin" }], "unsupported block type: sectoin"],
    ["not an array", "[]", "must be an array [json-pointer:/blocks]"],
  ])("refuses %s", (_name, blocks, expected) => {
    const problems = validateMessageBlocks(blocks);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toContain(expected);
  });
});

describe("validateView", () => {
  it("accepts a valid modal and Home tab", () => {
    const view = modal({
      private_metadata: "m".repeat(3000),
      close: plain("c".repeat(24)),
      blocks: [input({ type: "plain_text_input", action_id: "v", max_length: 3000 })],
    });
    expect(validateView(view)).toEqual([]);
    expect(validateView({ type: "home", blocks: [section("hi")] })).toEqual([]);
  });

  it.each([
    [
      "101 blocks",
      { blocks: Array.from({ length: 101 }, () => ({ type: "divider" })) },
      "no more than 100 items allowed [json-pointer:/view/blocks]",
    ],
    [
      "title 25",
      { title: plain("t".repeat(25)) },
      "must be less than 25 characters [json-pointer:/view/title/text]",
    ],
    ["submit 25", { submit: plain("s".repeat(25)) }, "/view/submit/text]"],
    ["close 25", { close: plain("c".repeat(25)) }, "/view/close/text]"],
    ["private_metadata 3001", { private_metadata: "m".repeat(3001) }, "/view/private_metadata]"],
    ["callback_id 256", { callback_id: "c".repeat(256) }, "/view/callback_id]"],
    [
      "max_length 3001",
      { blocks: [input({ type: "plain_text_input", max_length: 3001 })] },
      "/view/blocks/0/element/max_length]",
    ],
    [
      "input without submit",
      { submit: undefined, blocks: [input({ type: "plain_text_input" })] },
      "submit is required",
    ],
    [
      "number_input without is_decimal_allowed",
      { blocks: [input({ type: "number_input" })] },
      "is_decimal_allowed",
    ],
    [
      "initial_option not offered",
      {
        blocks: [
          input({
            type: "static_select",
            options: options(2),
            initial_option: { text: plain("x"), value: "nope" },
          }),
        ],
      },
      "must match one of the provided options",
    ],
    [
      "duplicate block_id",
      { blocks: [input({ type: "plain_text_input" }, "x"), input({ type: "plain_text_input" }, "x")] },
      "duplicate block_id",
    ],
    ["missing title", { title: undefined }, "/view/title]"],
  ])("refuses %s", (_name, extra, expected) => {
    expect(validateView(modal(extra)).join("\n")).toContain(expected);
  });
});
