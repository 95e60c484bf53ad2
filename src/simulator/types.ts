/** Public types of the fake Slack server (re-exported by `test/support/fake-slack.ts`). */

/** Arguments of a Web API call after decoding (JSON-valued form fields such as `blocks` parsed back). */
export type Args = Record<string, unknown>;

/** A Slack-shaped method result: `{ ok: true, ... }` or `{ ok: false, error, ... }`. */
export type SlackResult = { ok: boolean; error?: string } & Record<string, unknown>;

export interface FakeSlackOptions {
  /** Default `T0001`. */
  teamId?: string;
  /** Default `Fake Team`. */
  teamName?: string;
  /** Workspace subdomain used in URLs and permalinks; default `fake-team`. */
  teamDomain?: string;
  /** The bot's user id; default `UBOT`. */
  botUserId?: string;
  /** Default `BBOT`. */
  botId?: string;
  /** The bot user's name; default `scrumbot`. */
  botName?: string;
  /** Default `A0001`. */
  appId?: string;
  /**
   * When false (default) unknown `C…` channel ids, unknown `U…` users (as DM targets) and unknown `D…`
   * ids are accepted as if they existed, so tests need little setup. When true they answer
   * `channel_not_found` / `user_not_found` like Slack. `G…` ids must always be registered.
   */
  strictChannels?: boolean;
  /** When set, only these tokens are accepted (`invalid_auth` otherwise); by default any token works. */
  validTokens?: string[];
  /** Clock for trigger-id expiry, message ts, rate-limit windows, scheduling and tz offsets. */
  now?: () => number;
  /** How long a trigger id stays valid; default 3000 ms (Slack's 3 s). */
  triggerTtlMs?: number;
  /**
   * Benchmarks: answer each Web API call after a realistic latency (`true`: 50–150 ms, see
   * `fake-slack/realism.ts`). Off by default (tests want an instant fake).
   */
  latency?: boolean | { minMs: number; maxMs: number };
  /**
   * Benchmarks: enforce Slack's tier limits of the methods the app uses (`SLACK_TIERS`), answering
   * 429 + Retry-After beyond them. Off by default; `setRateLimit` still overrides one method.
   */
  tierLimits?: boolean;
  /**
   * The workspace a call counts against for rate limits (Slack's limits are per workspace);
   * default: its token (one token per installed workspace).
   */
  workspaceOf?: (call: { token: string | undefined; args: Args }) => string;
}

/** One Web API request as the fake saw and answered it. */
export interface RecordedCall {
  method: string;
  /** Decoded arguments without `token`. */
  args: Args;
  /** From `Authorization: Bearer …` or the `token` field. */
  token: string | undefined;
  /** Wall-clock `Date.now()` when the request arrived (not `opts.now`). */
  at: number;
  /** HTTP status the fake answered with (200, 429, or an injected one). */
  status: number;
  /**
   * The JSON body sent back. For an injected HTTP failure (whose real body is plain text) it is
   * `{ ok: false, error: "http_<status>" }`, so `call.response.ok` is always meaningful.
   */
  response: SlackResult;
}

/** One accepted POST to a minted `response_url`. */
export interface ResponseRecord {
  id: string;
  url: string;
  body: unknown;
  /** Wall-clock `Date.now()`. */
  at: number;
}

/** A POST to a `response_url` the fake refused (used up, expired, unknown, or invalid). */
export interface RejectedResponse extends ResponseRecord {
  status: number;
  reason: string;
}

export interface AddUserInput {
  id: string;
  /** Handle; defaults to the id lower-cased. */
  name?: string;
  realName?: string;
  email?: string;
  /** IANA zone, e.g. `Europe/Berlin`; default `UTC`. Validated through Intl (throws on unknown zones). */
  tz?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_admin?: boolean;
  /** Home workspace, for a Slack Connect guest from another team; default the fake's team. */
  teamId?: string;
  /** Avatar (`profile.image_72` and friends); default a fake https URL per user; null: none. */
  avatarUrl?: string | null;
}

export interface AddChannelInput {
  id: string;
  name: string;
  /** Default true. */
  botIsMember?: boolean;
  archived?: boolean;
  isPrivate?: boolean;
  /**
   * Human members. When omitted, every active registered user counts as a member (and the bot when
   * `botIsMember`), which is what most tests want.
   */
  members?: string[];
  /**
   * OAuth: the workspaces the channel belongs to (two for a channel shared between workspaces of
   * an org). A token of another workspace gets `channel_not_found`. Default: everyone's.
   */
  teamIds?: string[];
}

export interface RateLimitRule {
  /** Sliding 1 s window per channel (a DM's key is its D channel, whether addressed by U or D id). */
  perSecondPerChannel?: number;
  /**
   * With `perSecondPerChannel`: a token bucket per channel of this size instead of the sliding
   * second ("about 1 per second per channel, short bursts allowed").
   */
  channelBurst?: number;
  /** Sliding 60 s window for the method across the workspace. */
  perMinute?: number;
  /** Sliding 1 s window for the method across the workspace (a workspace budget per second). */
  perSecond?: number;
  /** `Retry-After` to send; default: seconds until the window frees up (at least 1). */
  retryAfterSeconds?: number;
}

export interface FakeUser {
  id: string;
  name: string;
  realName: string;
  email: string | undefined;
  tz: string;
  deleted: boolean;
  isBot: boolean;
  isAdmin: boolean;
  teamId?: string;
  avatarUrl: string | null;
}

export interface FakeChannel {
  id: string;
  name: string;
  botIsMember: boolean;
  archived: boolean;
  isPrivate: boolean;
  isIm: boolean;
  isMpim: boolean;
  /** Explicit human members, or undefined for "every active registered user". */
  members: string[] | undefined;
  /** For IMs: the other user. */
  user: string | undefined;
  created: number;
  /** See {@link AddChannelInput.teamIds}. */
  teamIds?: string[];
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  /** Normalised like Slack does: every block carries a `block_id`. */
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  threadTs: string | undefined;
  /** Author: the bot user for messages the app posted. */
  user: string;
  /** The name the bot posted under (`username`, needs `chat:write.customize`), if any. */
  username?: string | undefined;
  /** The avatar the bot posted with (`icon_url`), if any. */
  iconUrl?: string | undefined;
  botId: string | undefined;
  metadata: unknown;
  files: string[] | undefined;
  edited: { user: string; ts: string } | undefined;
  reactions: { name: string; users: string[] }[];
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  messageTs: string;
  text: string;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
}

export interface ScheduledMessage {
  id: string;
  channel: string;
  postAt: number;
  createdAt: number;
  text: string;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
}

/** A view as Slack returns it from views.open/update/push/publish (what the app gets back). */
export interface StoredView extends Record<string, unknown> {
  id: string;
  hash: string;
  type: string;
  blocks: unknown[];
  callback_id: string;
  private_metadata: string;
  external_id: string;
  root_view_id: string;
  previous_view_id: string | null;
  state: { values: Record<string, unknown> };
}

export interface FakeFile {
  id: string;
  filename: string;
  /** Declared by files.getUploadURLExternal. */
  length: number;
  altText: string | undefined;
  title: string | undefined;
  /** Set once the bytes were POSTed to the upload URL. */
  bytes: Buffer | undefined;
  completed: boolean;
  channels: string[];
  initialComment: string | undefined;
  threadTs: string | undefined;
  created: number;
}
