/** fillModal produces what Slack's client would submit, and refuses what no user could submit. */
import { describe, expect, it } from "vitest";
import { fillModal } from "../../support/modal.js";

const plain = (text: string) => ({ type: "plain_text", text });
const opt = (value: string) => ({ text: plain(value.toUpperCase()), value });
const input = (block_id: string, element: Record<string, unknown>) => ({
  type: "input",
  block_id,
  label: plain(block_id),
  element: { action_id: `${block_id}_el`, ...element },
});

const view = {
  type: "modal",
  blocks: [
    { type: "section", text: { type: "mrkdwn", text: "intro" } },
    input("title", { type: "plain_text_input", max_length: 10 }),
    input("priority", {
      type: "static_select",
      options: [opt("low"), opt("high")],
      initial_option: opt("low"),
    }),
    input("labels", {
      type: "multi_static_select",
      option_groups: [{ label: plain("g"), options: [opt("a"), opt("b")] }],
    }),
    input("owner", { type: "users_select", initial_user: "U1" }),
    input("reviewers", { type: "multi_users_select" }),
    input("room", { type: "conversations_select" }),
    input("channel", { type: "channels_select" }),
    input("due", { type: "datepicker" }),
    input("at", { type: "timepicker", initial_time: "09:30" }),
    input("points", { type: "number_input", is_decimal_allowed: false, min_value: "1", max_value: "21" }),
    input("checks", { type: "checkboxes", options: [opt("x"), opt("y")] }),
    input("size", { type: "radio_buttons", options: [opt("s"), opt("m")] }),
    { type: "actions", block_id: "acts", elements: [{ type: "button", action_id: "go", text: plain("Go") }] },
  ],
};

describe("fillModal", () => {
  it("gives Slack's empty values, or initial values, for unanswered inputs", () => {
    expect(fillModal(view, {})).toEqual({
      title: { title_el: { type: "plain_text_input", value: null } },
      priority: { priority_el: { type: "static_select", selected_option: opt("low") } },
      labels: { labels_el: { type: "multi_static_select", selected_options: [] } },
      owner: { owner_el: { type: "users_select", selected_user: "U1" } },
      reviewers: { reviewers_el: { type: "multi_users_select", selected_users: [] } },
      room: { room_el: { type: "conversations_select", selected_conversation: null } },
      channel: { channel_el: { type: "channels_select", selected_channel: null } },
      due: { due_el: { type: "datepicker", selected_date: null } },
      at: { at_el: { type: "timepicker", selected_time: "09:30" } },
      points: { points_el: { type: "number_input", value: null } },
      checks: { checks_el: { type: "checkboxes", selected_options: [] } },
      size: { size_el: { type: "radio_buttons", selected_option: null } },
    });
  });

  it("fills answers keyed by block_id or action_id, with the view's option objects", () => {
    const values = fillModal(view, {
      title: "Export",
      priority_el: "high",
      labels: ["a", "b"],
      owner: null,
      reviewers: ["U2", "U3"],
      room: "C1",
      channel: "C2",
      due: "2026-12-24",
      at: "17:05",
      points: "8",
      checks: ["y"],
      size: "m",
    });
    expect(values.title?.title_el).toEqual({ type: "plain_text_input", value: "Export" });
    expect(values.priority?.priority_el?.selected_option).toEqual(opt("high"));
    expect(values.labels?.labels_el?.selected_options).toEqual([opt("a"), opt("b")]);
    expect(values.owner?.owner_el?.selected_user).toBeNull();
    expect(values.reviewers?.reviewers_el?.selected_users).toEqual(["U2", "U3"]);
    expect(values.room?.room_el?.selected_conversation).toBe("C1");
    expect(values.channel?.channel_el?.selected_channel).toBe("C2");
    expect(values.due?.due_el?.selected_date).toBe("2026-12-24");
    expect(values.at?.at_el?.selected_time).toBe("17:05");
    expect(values.points?.points_el?.value).toBe("8");
    expect(values.checks?.checks_el?.selected_options).toEqual([opt("y")]);
    expect(values.size?.size_el?.selected_option).toEqual(opt("m"));
    expect(values).not.toHaveProperty("acts");
  });

  it.each([
    [{ priority: "urgent" }, /option "urgent" is not in the view \(options: "low", "high"\)/],
    [{ checks: ["x", "z"] }, /option "z"/],
    [{ nope: "x" }, /no input in the view for answer key\(s\) nope/],
    [{ due: "2026-02-30" }, /not a YYYY-MM-DD date/],
    [{ at: "25:00" }, /not an HH:mm time/],
    [{ priority: ["low", "high"] }, /takes one value/],
    [{ title: "a", title_el: "b" }, /answered twice/],
  ])("refuses impossible answers %j", (answers, message) => {
    expect(() => fillModal(view, answers)).toThrow(message);
  });

  it.each([
    [{ title: "x".repeat(11) }, /exceed max_length 10/],
    [{ points: "many" }, /not a number/],
    [{ points: "2.5" }, /not an integer/],
    [{ points: "34" }, /above max_value 21/],
  ])("refuses what the client would block %j only when strict", (answers, message) => {
    expect(() => fillModal(view, answers, { strict: true })).toThrow(message);
    expect(() => fillModal(view, answers)).not.toThrow();
  });

  it("asks for the view Slack returned when ids are missing", () => {
    const bare = { blocks: [{ type: "input", label: plain("x"), element: { type: "plain_text_input" } }] };
    expect(() => fillModal(bare, {})).toThrow(/call\.response\.view/);
  });
});
