/**
 * One parsed context per payload kind. Payloads follow Slack's documented shapes, including
 * Enterprise Grid org-wide installs (`team: null`, `enterprise` set) and Slack Connect shared
 * channels (the person's `user.team_id` is their home workspace, not the one they acted in).
 */
import { describe, expect, it } from "vitest";
import {
  actionContext,
  clickedElement,
  commandContext,
  eventContext,
  PayloadError,
  shortcutContext,
  viewContext,
} from "../../../src/slack/context.js";

const grid = { id: "E0ORG", name: "Org" };

describe("commandContext", () => {
  const command = {
    token: "x",
    team_id: "T1",
    team_domain: "acme",
    enterprise_id: "E0ORG",
    channel_id: "C1",
    channel_name: "team",
    user_id: "U1",
    user_name: "ana",
    command: "/backlog",
    text: "ready #12",
    api_app_id: "A1",
    response_url: "https://hooks.slack.com/commands/T1/1/x",
    trigger_id: "1.2.abc",
  };

  it("reads who, where, the text and how to answer", () => {
    expect(commandContext(command)).toEqual({
      teamId: "T1",
      enterpriseId: "E0ORG",
      userId: "U1",
      channelId: "C1",
      text: "ready #12",
      triggerId: "1.2.abc",
      responseUrl: "https://hooks.slack.com/commands/T1/1/x",
      appId: "A1",
    });
  });

  it("outside Grid: no enterprise; missing optional fields become null or empty", () => {
    const {
      enterprise_id: _e,
      api_app_id: _a,
      response_url: _r,
      trigger_id: _t,
      text: _x,
      ...plain
    } = command;
    expect(commandContext(plain)).toMatchObject({
      enterpriseId: null,
      appId: null,
      responseUrl: null,
      triggerId: "",
      text: "",
    });
  });

  it("refuses a payload without a team or user, naming the problem", () => {
    expect(() => commandContext({ ...command, team_id: "" })).toThrow(PayloadError);
    expect(() => commandContext({ ...command, user_id: undefined })).toThrow(/command payload/);
  });
});

const messageAction = {
  type: "block_actions",
  team: { id: "T1", domain: "acme" },
  user: { id: "U1", username: "ana", team_id: "T1" },
  api_app_id: "A1",
  container: { type: "message", message_ts: "1700000000.000100", channel_id: "C1", is_ephemeral: false },
  trigger_id: "1.2.abc",
  channel: { id: "C1", name: "team" },
  message: { ts: "1700000000.000100", text: "hi" },
  response_url: "https://hooks.slack.com/actions/T1/1/x",
  state: { values: { b1: { a1: { type: "static_select", selected_option: { value: "x" } } } } },
  actions: [{ action_id: "a", block_id: "b", type: "button", value: "12" }],
};

describe("actionContext", () => {
  it("reads a click on a channel message", () => {
    expect(actionContext(messageAction)).toEqual({
      teamId: "T1",
      enterpriseId: null,
      userId: "U1",
      channelId: "C1",
      triggerId: "1.2.abc",
      responseUrl: "https://hooks.slack.com/actions/T1/1/x",
      appId: "A1",
      messageTs: "1700000000.000100",
      ephemeral: false,
      inModal: false,
      stateValues: messageAction.state.values,
    });
  });

  it("org-wide install: team is null, so the person's own workspace is used", () => {
    const body = { ...messageAction, team: null, enterprise: grid, user: { id: "U1", team_id: "T9" } };
    expect(actionContext(body)).toMatchObject({ teamId: "T9", enterpriseId: "E0ORG", userId: "U1" });
  });

  it("shared channel: the workspace acted in wins over the person's home workspace", () => {
    const body = { ...messageAction, user: { id: "UEXT", team_id: "TOTHER" } };
    expect(actionContext(body)).toMatchObject({ teamId: "T1", userId: "UEXT" });
  });

  it("a click on the Home tab has no channel, message or response URL", () => {
    const { channel: _c, message: _m, response_url: _r, state: _s, ...rest } = messageAction;
    const body = { ...rest, container: { type: "view", view_id: "V1" }, view: { id: "V1", type: "home" } };
    expect(actionContext(body)).toMatchObject({
      channelId: null,
      messageTs: null,
      responseUrl: null,
      ephemeral: false,
      inModal: false,
      stateValues: undefined,
    });
    // The same click inside a modal (e.g. Home's triage inbox): its forms stack on it.
    expect(actionContext({ ...body, view: { id: "V2", type: "modal" } }).inModal).toBe(true);
  });

  it("an ephemeral message: the channel and ts come from the container", () => {
    const { channel: _c, message: _m, ...rest } = messageAction;
    const body = {
      ...rest,
      container: { type: "message", message_ts: "1.5", channel_id: "C2", is_ephemeral: true },
    };
    expect(actionContext(body)).toMatchObject({ channelId: "C2", messageTs: "1.5", ephemeral: true });
  });

  it("tolerates a state without values", () => {
    expect(actionContext({ ...messageAction, state: {} }).stateValues).toBeUndefined();
  });

  it("refuses a payload that names no workspace", () => {
    expect(() => actionContext({ ...messageAction, team: null, user: { id: "U1" } })).toThrow(
      "unexpected action payload: no team.id or user.team_id",
    );
    expect(() => actionContext({ team: { id: "T1" } })).toThrow(PayloadError);
  });
});

describe("viewContext", () => {
  const submission = {
    type: "view_submission",
    team: { id: "T1", domain: "acme" },
    user: { id: "U1", team_id: "T1" },
    api_app_id: "A1",
    trigger_id: "1.2.abc",
    view: { id: "V1", callback_id: "story_create", private_metadata: "{}", state: { values: {} } },
    is_enterprise_install: false,
    enterprise: null,
  };

  it("reads who submitted; a modal has no channel or response URL of its own", () => {
    expect(viewContext(submission)).toEqual({
      teamId: "T1",
      enterpriseId: null,
      userId: "U1",
      channelId: null,
      triggerId: "1.2.abc",
      responseUrl: null,
      appId: "A1",
    });
  });

  it("org-wide install with team null and shared-channel users", () => {
    const orgWide = {
      ...submission,
      team: null,
      enterprise: grid,
      is_enterprise_install: true,
      user: { id: "U1", team_id: "T7" },
    };
    expect(viewContext(orgWide)).toMatchObject({ teamId: "T7", enterpriseId: "E0ORG" });
    expect(viewContext({ ...submission, user: { id: "UEXT", team_id: "TOTHER" } })).toMatchObject({
      teamId: "T1",
    });
  });
});

describe("shortcutContext", () => {
  it("reads a message shortcut (with its channel) and a global one (without)", () => {
    const message = {
      type: "message_action",
      callback_id: "turn_into_story",
      team: { id: "T1" },
      user: { id: "U1", team_id: "T1" },
      channel: { id: "C1", name: "team" },
      trigger_id: "1.2.abc",
      response_url: "https://hooks.slack.com/app/x",
      message_ts: "1.1",
      message: { ts: "1.1", text: "hi" },
    };
    expect(shortcutContext(message)).toMatchObject({
      teamId: "T1",
      userId: "U1",
      channelId: "C1",
      triggerId: "1.2.abc",
    });
    const global = {
      type: "shortcut",
      team: null,
      enterprise: grid,
      user: { id: "U1", team_id: "T3" },
      trigger_id: "t",
    };
    expect(shortcutContext(global)).toEqual({
      teamId: "T3",
      enterpriseId: "E0ORG",
      userId: "U1",
      channelId: null,
      triggerId: "t",
      responseUrl: null,
      appId: null,
    });
  });
});

describe("eventContext", () => {
  it("reads the envelope's workspace and the event's person and channel", () => {
    const homeOpened = {
      type: "event_callback",
      team_id: "T1",
      api_app_id: "A1",
      event: { type: "app_home_opened", user: "U1", channel: "D1", tab: "home" },
    };
    expect(eventContext(homeOpened)).toEqual({
      teamId: "T1",
      enterpriseId: null,
      userId: "U1",
      channelId: "D1",
    });
    const joined = {
      team_id: "T1",
      enterprise_id: "E0ORG",
      event: { type: "member_joined_channel", user: "UBOT", channel: "C1", team: "T1" },
    };
    expect(eventContext(joined)).toMatchObject({ enterpriseId: "E0ORG", userId: "UBOT", channelId: "C1" });
  });

  it("an event whose user is an object, or that has none", () => {
    expect(eventContext({ team_id: "T1", event: { type: "user_change", user: { id: "U5" } } }).userId).toBe(
      "U5",
    );
    expect(eventContext({ team_id: "T1", event: { type: "team_rename" } })).toMatchObject({
      userId: "",
      channelId: null,
    });
    expect(() => eventContext({ event: { type: "x" } })).toThrow(PayloadError);
  });
});

describe("clickedElement", () => {
  it("reads a button's value, an overflow's or select's chosen option, and the block", () => {
    expect(clickedElement({ action_id: "b", block_id: "k", type: "button", value: "12" })).toEqual({
      actionId: "b",
      blockId: "k",
      value: "12",
    });
    expect(
      clickedElement({ action_id: "o", type: "overflow", selected_option: { value: "to:4" } }).value,
    ).toBe("to:4");
  });

  it("never throws on odd input", () => {
    expect(clickedElement(undefined)).toEqual({ actionId: "", blockId: null, value: undefined });
    expect(clickedElement({ action_id: "b", value: 12 })).toEqual({
      actionId: "",
      blockId: null,
      value: undefined,
    });
  });
});
