/**
 * Sends requests to the app under test exactly as Slack does: signed (`X-Slack-Signature`,
 * `X-Slack-Request-Timestamp`), slash commands and interactivity form-encoded with the exact content type
 * Bolt insists on, events as JSON envelopes. With a {@link FakeSlack}, trigger ids and response URLs are
 * minted on it so the app's `views.open` / `respond()` land there. Used by the tests and by the playground
 * (its page's clicks and commands reach the real app through this requester).
 */
import { createHmac } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { ViewStateValue } from "@slack/bolt";
import type { FakeSlack } from "./server.js";

/** Slack-shaped `state.values`: `{ [block_id]: { [action_id]: { type, value | selected_… } } }`. */
type ModalStateValues = Record<string, Record<string, ViewStateValue>>;

export const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

/** What every request method resolves with. `ms` is the round trip, measured with performance.now(). */
export interface SlackHttpResult {
  status: number;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  ms: number;
  /** The trigger id sent (commands, actions, shortcuts, submissions). */
  triggerId?: string;
  /** The response URL sent, if any. */
  responseUrl?: string;
  /** The event_id sent (events). */
  eventId?: string;
}

/** The part of `fetch` the requester uses. */
export type SlackTransport = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface SlackRequesterOptions {
  /** e.g. `http://127.0.0.1:PORT/slack/events` */
  appUrl: string;
  signingSecret: string;
  fake?: FakeSlack;
  /** Default `T0001`. */
  teamId?: string;
  /** How requests are sent (default: global fetch). The standup bench gives each worker its own connection. */
  transport?: SlackTransport;
  /** Default `fake-team`. */
  teamDomain?: string;
  /** Default `A0001`. */
  apiAppId?: string;
  /** The deprecated verification token Slack still sends; default `fake-verification-token`. */
  verificationToken?: string;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  /** Enterprise Grid: the organization of `teamId` (default: none). */
  enterpriseId?: string;
  /** The app is installed org-wide in `enterpriseId` (payloads say `is_enterprise_install: true`). */
  enterpriseInstall?: boolean;
}

export interface CommandOptions {
  userId: string;
  /** Default `C0001`. */
  channelId?: string;
  channelName?: string;
  userName?: string;
  triggerId?: string;
  responseUrl?: string;
}

export interface ActionInput {
  action_id: string;
  block_id: string;
  value?: string;
  /** Default `button`. */
  type?: string;
  selected_option?: unknown;
  [key: string]: unknown;
}

export interface BlockActionOptions {
  userId: string;
  actions: ActionInput[];
  container?: Record<string, unknown>;
  channelId?: string;
  /** The message the action came from (omit for ephemeral messages, as Slack does). */
  message?: Record<string, unknown>;
  /** The view the action came from (modal or Home tab). */
  view?: Record<string, unknown>;
  /** `state.values` of the view or message. */
  values?: ModalStateValues;
  triggerId?: string;
  responseUrl?: string;
}

export interface ViewSubmissionOptions {
  userId: string;
  /** The view the app opened: `call.args.view` or `call.response.view` from the fake. */
  view: Record<string, unknown>;
  /** `state.values`, e.g. from `fillModal(view, answers)`. */
  values: ModalStateValues;
  triggerId?: string;
}

export interface RawRequest {
  body: string;
  contentType: string;
  /** Seconds; default now. Use an old one to test stale-request refusal. */
  timestamp?: number;
  /** Sent as is instead of the correct signature. */
  signature?: string;
  headers?: Record<string, string>;
}

/** `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{body}`), Slack's request signature. */
export function signSlackRequest(signingSecret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest("hex")}`;
}

/** Creates a requester bound to one app URL; see {@link SlackRequester}. */
export function createSlackRequester(options: SlackRequesterOptions) {
  const {
    appUrl,
    signingSecret,
    fake,
    teamId = "T0001",
    teamDomain = "fake-team",
    apiAppId = "A0001",
    verificationToken = "fake-verification-token",
    timeoutMs = 10_000,
    transport = (url, init) => fetch(url, init),
    enterpriseId,
    enterpriseInstall = false,
  } = options;
  let counter = 0;
  const team = { id: teamId, domain: teamDomain };

  const userName = (id: string) => fake?.workspace.users.get(id)?.name ?? id.toLowerCase();
  const user = (id: string) => ({ id, username: userName(id), name: userName(id), team_id: teamId });
  const channelName = (id: string) =>
    fake?.workspace.channels.get(id)?.name ?? (id.startsWith("D") ? "directmessage" : id.toLowerCase());
  const channel = (id: string) => ({ id, name: channelName(id) });
  const triggerFor = (given: string | undefined, viewId?: string) =>
    given ?? fake?.mintTriggerId(viewId ? { viewId } : {}) ?? `${1000 + ++counter}.1.fake${Date.now()}`;
  // Without a fake, point response URLs at a closed loopback port: never the internet.
  const responseUrlFor = (given: string | undefined) =>
    given ?? fake?.mintResponseUrl() ?? `http://127.0.0.1:9/response/none-${++counter}`;
  const actionTs = () => (Date.now() / 1000).toFixed(6);

  async function send(req: RawRequest): Promise<SlackHttpResult> {
    const timestamp = req.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = req.signature ?? signSlackRequest(signingSecret, timestamp, req.body);
    const started = performance.now();
    const res = await transport(appUrl, {
      method: "POST",
      headers: {
        "Content-Type": req.contentType,
        "X-Slack-Request-Timestamp": String(timestamp),
        "X-Slack-Signature": signature,
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        ...req.headers,
      },
      body: req.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.text();
    const ms = performance.now() - started;
    let json: unknown;
    try {
      json = body === "" ? undefined : JSON.parse(body);
    } catch {
      json = undefined;
    }
    return { status: res.status, body, ...(json === undefined ? {} : { json }), ms };
  }

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const interactive = async (payload: Record<string, unknown>, extra: Partial<SlackHttpResult>) => ({
    ...(await send({ body: form({ payload: JSON.stringify(payload) }), contentType: FORM })),
    ...extra,
  });
  const common = (userId: string) => ({
    api_app_id: apiAppId,
    token: verificationToken,
    team,
    user: user(userId),
    enterprise: enterpriseId ? { id: enterpriseId, name: enterpriseId } : null,
    is_enterprise_install: enterpriseInstall,
  });

  /** A view as the fake stored it (id, hash, root…), overlaid with what the test passed. */
  const fullView = (view: Record<string, unknown>, values: ModalStateValues | undefined) => {
    const stored =
      typeof view.id === "string"
        ? fake?.view(view.id)
        : [...(fake?.workspace.views.values() ?? [])]
            .reverse()
            .find(
              (v) =>
                v.callback_id === (view.callback_id ?? "") &&
                v.private_metadata === (view.private_metadata ?? ""),
            );
    const base = { id: "V0FAKE", hash: "1.fake", team_id: teamId, app_id: apiAppId, ...stored, ...view };
    const priorValues = (view.state as { values?: ModalStateValues } | undefined)?.values;
    return { ...base, state: { values: values ?? priorValues ?? {} } };
  };

  return {
    /** A slash command, form-encoded with every field Slack sends. */
    command(command: string, text: string, opts: CommandOptions): Promise<SlackHttpResult> {
      const channelId = opts.channelId ?? "C0001";
      const triggerId = triggerFor(opts.triggerId);
      const responseUrl = responseUrlFor(opts.responseUrl);
      const body = form({
        token: verificationToken,
        team_id: teamId,
        team_domain: teamDomain,
        channel_id: channelId,
        channel_name: opts.channelName ?? channelName(channelId),
        user_id: opts.userId,
        user_name: opts.userName ?? userName(opts.userId),
        command,
        text,
        api_app_id: apiAppId,
        ...(enterpriseId ? { enterprise_id: enterpriseId, enterprise_name: enterpriseId } : {}),
        is_enterprise_install: String(enterpriseInstall),
        response_url: responseUrl,
        trigger_id: triggerId,
      });
      return send({ body, contentType: FORM }).then((r) => ({ ...r, triggerId, responseUrl }));
    },

    /**
     * A `block_actions` payload. A response URL is included for message actions (not for views, like
     * Slack); the container defaults to the view, the message, or an ephemeral message in `channelId`.
     */
    blockAction(opts: BlockActionOptions): Promise<SlackHttpResult> {
      const view = opts.view ? fullView(opts.view, opts.values) : undefined;
      const triggerId = triggerFor(opts.triggerId, view?.id as string | undefined);
      const responseUrl = view ? opts.responseUrl : responseUrlFor(opts.responseUrl);
      const messageTs = typeof opts.message?.ts === "string" ? opts.message.ts : actionTs();
      const container =
        opts.container ??
        (view
          ? { type: "view", view_id: view.id }
          : {
              type: "message",
              message_ts: messageTs,
              channel_id: opts.channelId,
              is_ephemeral: !opts.message,
            });
      const ts = actionTs();
      return interactive(
        {
          type: "block_actions",
          ...common(opts.userId),
          container,
          trigger_id: triggerId,
          ...(opts.channelId ? { channel: channel(opts.channelId) } : {}),
          ...(opts.message ? { message: { type: "message", ...opts.message } } : {}),
          ...(view ? { view } : opts.values ? { state: { values: opts.values } } : {}),
          ...(responseUrl ? { response_url: responseUrl } : {}),
          actions: opts.actions.map((a) => ({ type: "button", action_ts: ts, ...a })),
        },
        { triggerId, ...(responseUrl ? { responseUrl } : {}) },
      );
    },

    /** A `view_submission` of `view` with `values` as its `state.values`. */
    viewSubmission(opts: ViewSubmissionOptions): Promise<SlackHttpResult> {
      const view = fullView(opts.view, opts.values);
      const triggerId = triggerFor(opts.triggerId, view.id as string);
      return interactive(
        { type: "view_submission", ...common(opts.userId), trigger_id: triggerId, view, response_urls: [] },
        { triggerId },
      );
    },

    /** A `view_closed` (sent only for views opened with `notify_on_close`). */
    viewClosed(opts: {
      userId: string;
      view: Record<string, unknown>;
      isCleared?: boolean;
    }): Promise<SlackHttpResult> {
      return interactive(
        {
          type: "view_closed",
          ...common(opts.userId),
          view: fullView(opts.view, undefined),
          is_cleared: opts.isCleared ?? false,
        },
        {},
      );
    },

    /** A message shortcut (`message_action`) on `message` in `channelId`. */
    messageShortcut(opts: {
      callbackId: string;
      userId: string;
      channelId: string;
      message: { ts: string; text: string; user: string; [key: string]: unknown };
      triggerId?: string;
      responseUrl?: string;
    }): Promise<SlackHttpResult> {
      const triggerId = triggerFor(opts.triggerId);
      const responseUrl = responseUrlFor(opts.responseUrl);
      return interactive(
        {
          type: "message_action",
          ...common(opts.userId),
          action_ts: actionTs(),
          callback_id: opts.callbackId,
          trigger_id: triggerId,
          response_url: responseUrl,
          channel: channel(opts.channelId),
          message_ts: opts.message.ts,
          message: { type: "message", ...opts.message },
        },
        { triggerId, responseUrl },
      );
    },

    /** A global shortcut (`shortcut`). */
    globalShortcut(opts: {
      callbackId: string;
      userId: string;
      triggerId?: string;
    }): Promise<SlackHttpResult> {
      const triggerId = triggerFor(opts.triggerId);
      return interactive(
        {
          type: "shortcut",
          ...common(opts.userId),
          action_ts: actionTs(),
          callback_id: opts.callbackId,
          trigger_id: triggerId,
        },
        { triggerId },
      );
    },

    /**
     * An Events API `event_callback` envelope around `event`. `retryNum` adds Slack's retry headers
     * (`X-Slack-Retry-Num`, `X-Slack-Retry-Reason`); reuse `eventId` to simulate a redelivery.
     */
    event(
      event: object,
      opts: { retryNum?: number; retryReason?: string; eventId?: string; eventTime?: number } = {},
    ): Promise<SlackHttpResult> {
      const eventId = opts.eventId ?? `Ev${Date.now().toString(36).toUpperCase()}${++counter}`;
      const envelope = {
        token: verificationToken,
        team_id: teamId,
        ...(enterpriseId ? { enterprise_id: enterpriseId } : {}),
        api_app_id: apiAppId,
        event,
        type: "event_callback",
        event_id: eventId,
        event_time: opts.eventTime ?? Math.floor(Date.now() / 1000),
        authorizations: [
          {
            enterprise_id: enterpriseId ?? null,
            team_id: enterpriseInstall ? null : teamId,
            user_id: fake?.botUserId ?? "UBOT",
            is_bot: true,
            is_enterprise_install: enterpriseInstall,
          },
        ],
        is_ext_shared_channel: false,
        event_context: `4-fake-${eventId}`,
      };
      const headers: Record<string, string> =
        opts.retryNum === undefined
          ? {}
          : {
              "X-Slack-Retry-Num": String(opts.retryNum),
              "X-Slack-Retry-Reason": opts.retryReason ?? "http_timeout",
            };
      return send({ body: JSON.stringify(envelope), contentType: JSON_TYPE, headers }).then((r) => ({
        ...r,
        eventId,
      }));
    },

    /** The `url_verification` handshake Slack sends when the Request URL is saved. */
    urlVerification(challenge: string): Promise<SlackHttpResult> {
      const body = JSON.stringify({ token: verificationToken, challenge, type: "url_verification" });
      return send({ body, contentType: JSON_TYPE });
    },

    /** Any body; correctly signed unless `signature` is given (use `timestamp` for stale requests). */
    raw(req: RawRequest): Promise<SlackHttpResult> {
      return send(req);
    },
  };
}

/** The requester returned by {@link createSlackRequester}. */
export type SlackRequester = ReturnType<typeof createSlackRequester>;
