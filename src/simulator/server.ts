import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleResponseUrl, handleUpload, send, sendJson } from "./endpoints.js";
import { InvalidBodyError, parseApiArgs, readBody } from "./http-body.js";
import { APP_LEVEL, METHODS, NO_AUTH } from "./methods/index.js";
import {
  FakeOAuth,
  type FakeOAuthConfig,
  type FakeToken,
  type FakeWorkspaceInfo,
  type InstallTarget,
} from "./oauth.js";
import { RateLimiter } from "./rate-limit.js";
import { DEFAULT_LATENCY, drawLatency, type LatencyRange, SLACK_TIERS } from "./realism.js";
import { userJson } from "./render.js";
import { FakeSocketMode } from "./socket-mode.js";
import { Workspace } from "./state.js";
import type {
  AddChannelInput,
  AddUserInput,
  Args,
  EphemeralMessage,
  FakeChannel,
  FakeFile,
  FakeSlackOptions,
  FakeUser,
  RateLimitRule,
  RecordedCall,
  RejectedResponse,
  ResponseRecord,
  ScheduledMessage,
  SlackResult,
  StoredMessage,
  StoredView,
} from "./types.js";

const POLL_MS = 10;

interface ApiOutcome {
  status: number;
  /** Recorded as the call's response; sent as JSON unless `text` is set. */
  response: SlackResult;
  headers: Record<string, string>;
  text?: string;
}

interface Injected<T> {
  value: T;
  remaining: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An HTTP-level fake of Slack's Web API, response URLs and file upload URLs, on 127.0.0.1 (random port).
 * Point a real `WebClient` (or Bolt's `clientOptions`) at {@link FakeSlack.apiUrl}.
 *
 * Contract: every Web API request is recorded in {@link FakeSlack.calls} before it is answered, so once a
 * client call resolves its record is visible. Answers are Slack-shaped (`ok`, `error`,
 * `response_metadata`), with HTTP 200 except for rate limits (429) and injected HTTP failures.
 */
export class FakeSlack {
  /** `http://127.0.0.1:PORT/` */
  readonly baseUrl: string;
  /** `http://127.0.0.1:PORT/api/`, for `slackApiUrl`. */
  readonly apiUrl: string;
  readonly port: number;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  /** The workspace state (users, channels, messages, views, files…), for inspection. */
  readonly workspace: Workspace;
  /** Socket Mode: the WebSocket URLs `apps.connections.open` hands out, connections, envelopes, acks. */
  readonly socketMode: FakeSocketMode;
  /** OAuth: workspaces, the authorize page, oauth.v2.access, issued tokens (see `fake-slack/oauth.ts`). */
  readonly oauth: FakeOAuth;
  readonly calls: RecordedCall[] = [];
  /** Accepted POSTs to minted response URLs, in arrival order. */
  readonly responses: ResponseRecord[] = [];
  readonly rejectedResponses: RejectedResponse[] = [];
  /** How many requests were answered 429 by {@link FakeSlack.setRateLimit} rules. */
  rateLimitedCount = 0;
  /** Web API calls received whose (delayed) answer has not been sent yet: 0 when Slack has nothing in hand. */
  answersPending = 0;
  /** The fake's clock (trigger expiry, ts, rate windows, scheduling, tz offsets); replaceable. */
  now: () => number;

  private readonly validTokens: Set<string> | undefined;
  private readonly workspaceOf: FakeSlackOptions["workspaceOf"];
  private readonly limiter = new RateLimiter();
  private readonly latency: LatencyRange | undefined;
  private readonly failures = new Map<string, Injected<string>[]>();
  private readonly delays = new Map<string, Injected<number>[]>();
  private readonly httpFailures = new Map<string, Injected<number>[]>();
  private stopped = false;
  private readonly responseLog = { responses: this.responses, rejected: this.rejectedResponses };

  private constructor(
    private readonly server: Server,
    opts: FakeSlackOptions,
  ) {
    this.port = (server.address() as AddressInfo).port;
    this.baseUrl = `http://127.0.0.1:${this.port}/`;
    this.apiUrl = `${this.baseUrl}api/`;
    this.now = opts.now ?? Date.now;
    this.validTokens = opts.validTokens ? new Set(opts.validTokens) : undefined;
    this.workspaceOf = opts.workspaceOf;
    this.teamId = opts.teamId ?? "T0001";
    this.botUserId = opts.botUserId ?? "UBOT";
    this.botId = opts.botId ?? "BBOT";
    this.workspace = new Workspace(
      {
        teamId: this.teamId,
        teamName: opts.teamName ?? "Fake Team",
        teamDomain: opts.teamDomain ?? "fake-team",
        botUserId: this.botUserId,
        botId: this.botId,
        botName: opts.botName ?? "scrumbot",
        appId: opts.appId ?? "A0001",
        strictChannels: opts.strictChannels ?? false,
        triggerTtlMs: opts.triggerTtlMs ?? 3000,
      },
      () => this.now(),
    );
    this.socketMode = new FakeSocketMode(this.baseUrl, opts.appId ?? "A0001");
    this.oauth = new FakeOAuth(() => this.now(), {
      appId: opts.appId ?? "A0001",
      botUserId: this.botUserId,
      botId: this.botId,
    });
    this.latency = opts.latency === true ? DEFAULT_LATENCY : opts.latency || undefined;
    if (opts.tierLimits)
      for (const [method, rule] of Object.entries(SLACK_TIERS)) this.limiter.set(method, rule);
  }

  /** Starts a fake on 127.0.0.1 with a random port. Call {@link FakeSlack.stop} when done. */
  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const fake = new FakeSlack(server, opts);
    server.on("request", (req, res) => void fake.handle(req, res));
    server.on("upgrade", (req, socket, head) => fake.socketMode.handleUpgrade(req, socket, head));
    return fake;
  }

  /** Closes the server, dropping keep-alive connections so the test process can exit. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // Upgraded sockets are no longer the HTTP server's: closeAllConnections would not end them.
    this.socketMode.dropAll();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  // ---- workspace set-up -------------------------------------------------------------------------

  /** Registers (or replaces) a user; `tz` must be an IANA zone. */
  addUser(input: AddUserInput): FakeUser {
    return this.workspace.addUser(input);
  }

  /** Registers (or replaces) a channel; the bot is a member unless `botIsMember: false`. */
  addChannel(input: AddChannelInput): FakeChannel {
    return this.workspace.addChannel(input);
  }

  /**
   * Seeds a message posted by someone (for shortcuts, reactions, permalinks, history).
   * @param conversation channel id or user id (meaning the DM with that user).
   */
  addMessage(
    conversation: string,
    message: { text: string; user: string; ts?: string; threadTs?: string; blocks?: unknown[] },
  ): StoredMessage {
    const target = this.workspace.resolveConversation(conversation, "read");
    if (!target.ok) throw new Error(`FakeSlack.addMessage: ${conversation}: ${target.error}`);
    return this.workspace.storeMessage(target.channel.id, message);
  }

  /**
   * The `event` of a `user_change` / `team_join` for a registered user, as Slack sends it (the full
   * user object); send it with the requester's `event()` after changing the user.
   */
  userEvent(type: "user_change" | "team_join", userId: string): Record<string, unknown> {
    const user = this.workspace.users.get(userId);
    if (!user) throw new Error(`FakeSlack.userEvent: unknown user ${userId}`);
    return {
      type,
      user: userJson(this.workspace, user),
      cache_ts: Math.floor(this.now() / 1000),
      event_ts: `${Math.floor(this.now() / 1000)}.000100`,
    };
  }

  /** The DM channel id with `userId`, if the app opened one (or posted to the user). */
  dmChannelFor(userId: string): string | undefined {
    return this.workspace.dmChannelFor(userId);
  }

  /** Current messages (oldest first) in a channel, or in the DM with a user when given a `U…` id. */
  messagesIn(conversation: string): StoredMessage[] {
    const id = /^[UW]/.test(conversation) ? this.workspace.dmChannelFor(conversation) : conversation;
    return id ? [...(this.workspace.messages.get(id) ?? [])] : [];
  }

  get ephemerals(): readonly EphemeralMessage[] {
    return this.workspace.ephemerals;
  }

  get scheduledMessages(): readonly ScheduledMessage[] {
    return this.workspace.scheduled;
  }

  view(viewId: string): StoredView | undefined {
    return this.workspace.views.get(viewId);
  }

  /** The Home tab last published for a user. */
  homeView(userId: string): StoredView | undefined {
    return this.workspace.views.get(this.workspace.homeViews.get(userId) ?? "");
  }

  /** An uploaded file, with its `bytes`. */
  file(fileId: string): FakeFile | undefined {
    return this.workspace.files.get(fileId);
  }

  // ---- many workspaces (OAuth) ------------------------------------------------------------------

  /** Turns on the OAuth side: client credentials, the app's redirect URL, rotation. */
  enableOAuth(config: FakeOAuthConfig): void {
    this.oauth.config = config;
  }

  /**
   * Registers a workspace (optionally in a Grid organization). Its users and channels are added
   * with `addUser({ teamId })` / `addChannel({ teamIds })`; a token only reaches its own.
   */
  addWorkspace(info: {
    teamId: string;
    name?: string;
    domain?: string;
    enterpriseId?: string;
    enterpriseName?: string;
  }): void {
    const workspace: FakeWorkspaceInfo = {
      teamId: info.teamId,
      name: info.name ?? info.teamId,
      domain: info.domain ?? info.teamId.toLowerCase(),
      ...(info.enterpriseId ? { enterpriseId: info.enterpriseId } : {}),
      ...(info.enterpriseName ? { enterpriseName: info.enterpriseName } : {}),
    };
    this.oauth.addWorkspace(workspace);
  }

  /** The next visit to the authorize page installs to `target` (default: the first workspace), or is cancelled. */
  approveNextInstall(approval: InstallTarget | { deny: true }): void {
    this.oauth.approveNext(approval);
  }

  /** Issues a bot token for `target` without the browser flow (set-up for tests that aren't about OAuth). */
  issueToken(target: InstallTarget): { token: string; refreshToken: string | null } {
    const issued = this.oauth.issue(target);
    return { token: issued.token.token, refreshToken: issued.refreshToken };
  }

  // ---- interaction tokens -----------------------------------------------------------------------

  /**
   * A fresh trigger id, valid for one views.open/views.push within `triggerTtlMs` (3 s) of {@link now}.
   * `viewId`: the view the interaction came from, so views.push stacks onto it (limit 3).
   */
  mintTriggerId(opts: { viewId?: string } = {}): string {
    return this.workspace.mintTriggerId(opts.viewId);
  }

  /** A response URL on this fake: 5 uses within 30 minutes; POSTs land in {@link responses}. */
  mintResponseUrl(): string {
    const id = this.workspace.ids.next("R").toLowerCase();
    this.workspace.responseUrls.set(id, { mintedAt: this.now(), uses: 0 });
    return `${this.baseUrl}response/${id}`;
  }

  // ---- inspection -------------------------------------------------------------------------------

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  private readonly callListeners: ((call: RecordedCall) => void)[] = [];

  /** Tells `listener` of every Web API call as it is recorded (it still sees calls a test clears later). */
  onCall(listener: (call: RecordedCall) => void): void {
    this.callListeners.push(listener);
  }

  /** Resolves with the first (earliest) call to `method` matching `predicate`, past or future. */
  waitFor(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    return this.poll(
      () => this.calls.find((c) => c.method === method && predicate(c)),
      timeoutMs,
      () => `a matching ${method} call`,
    );
  }

  /** Resolves with all calls to `method` once there are at least `n`. */
  waitForCount(method: string, n: number, timeoutMs = 5000): Promise<RecordedCall[]> {
    return this.poll(
      () => {
        const calls = this.callsTo(method);
        return calls.length >= n ? calls : undefined;
      },
      timeoutMs,
      () => `${n} ${method} calls (have ${this.callsTo(method).length})`,
    );
  }

  /** Resolves with the first accepted response-URL POST matching `predicate`. */
  waitForResponse(
    predicate: (r: ResponseRecord) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<ResponseRecord> {
    return this.poll(
      () => this.responses.find(predicate),
      timeoutMs,
      () => `a matching response_url POST (have ${this.responses.length})`,
    );
  }

  // ---- failure injection ------------------------------------------------------------------------

  /** The next `times` calls to `method` answer `{ ok: false, error }` without touching state. */
  failNext(method: string, error: string, times = 1): void {
    this.enqueue(this.failures, method, error, times);
  }

  /** The next `times` calls to `method` answer HTTP `status` (429 gets `Retry-After: 1`). */
  failNextHttp(method: string, status: number, times = 1): void {
    this.enqueue(this.httpFailures, method, status, times);
  }

  /** The next `times` calls to `method` are recorded at once but answered after `ms` (a slow Slack). */
  delayNext(method: string, ms: number, times = 1): void {
    this.enqueue(this.delays, method, ms, times);
  }

  /**
   * The install lacks `scope` (e.g. `chat:write.customize` on an older install): calls that need it
   * answer `missing_scope` like Slack. Today only `chat.postMessage`'s `username` / `icon_url` check it.
   */
  withoutScope(scope: string): void {
    this.workspace.missingScopes.add(scope);
  }

  /** Rate-limits `method` (429 + `Retry-After` + `{ ok: false, error: "ratelimited" }`). */
  setRateLimit(method: string, rule: RateLimitRule): void {
    this.limiter.set(method, rule);
  }

  /** Removes the rule for `method`, or all rules. */
  clearRateLimit(method?: string): void {
    this.limiter.clear(method);
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", this.baseUrl);
      const body = await readBody(req);
      if (req.method === "GET" && url.pathname === "/oauth/v2/authorize") {
        const answer = this.oauth.authorize(url.searchParams);
        send(res, answer.status, answer.text, answer.location ? { location: answer.location } : {});
        return;
      }
      const match = /^\/(api|upload|response)\/([^/]+)$/.exec(url.pathname);
      const kind = match?.[1];
      const rest = decodeURIComponent(match?.[2] ?? "");
      if (kind === "api" && (req.method === "POST" || req.method === "GET")) {
        this.handleApi(rest, req, body, url.searchParams, res);
        return;
      }
      if (req.method === "POST" && kind === "upload") {
        handleUpload(this.workspace, rest, req, body, res);
        return;
      }
      if (req.method === "POST" && kind === "response") {
        handleResponseUrl(this.workspace, this.responseLog, rest, url, body, res);
        return;
      }
      send(res, 404, "not_found");
    } catch (err) {
      // A bug in the fake must be loud, not a silent hang in the app under test.
      console.error("FakeSlack: internal error", err);
      if (!res.headersSent) send(res, 500, `fake-slack internal error: ${String(err)}`);
    }
  }

  private handleApi(
    method: string,
    req: IncomingMessage,
    body: Buffer,
    query: URLSearchParams,
    res: ServerResponse,
  ): void {
    const at = Date.now();
    let args: Args = {};
    let parseError: string | undefined;
    try {
      args = parseApiArgs(body, req.headers["content-type"], query);
    } catch (err) {
      if (!(err instanceof InvalidBodyError)) throw err;
      parseError = err.message;
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const token = bearer ?? (typeof args.token === "string" ? args.token : undefined);
    delete args.token;
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const [id = "", secret = ""] = basic ? Buffer.from(basic, "base64").toString("utf8").split(":") : [];
    const outcome =
      method === "oauth.v2.access" && !parseError
        ? { status: 200, response: this.oauth.access(args, basic ? { id, secret } : undefined), headers: {} }
        : this.answerApi(method, args, token, parseError);
    const call = { method, args, token, at, status: outcome.status, response: outcome.response };
    this.calls.push(call);
    for (const listener of this.callListeners) listener(call);
    const reply = () => {
      if (outcome.text !== undefined) send(res, outcome.status, outcome.text, outcome.headers);
      else sendJson(res, outcome.status, outcome.response, outcome.headers);
    };
    const delayMs = take(this.delays, method) ?? (this.latency ? drawLatency(this.latency) : undefined);
    if (delayMs === undefined) {
      reply();
      return;
    }
    this.answersPending++;
    setTimeout(() => {
      this.answersPending--;
      reply();
    }, delayMs);
  }

  /**
   * Decides the answer, in Slack's order of checks: (injected HTTP failure), unparseable body, unknown
   * method, missing/invalid token, rate limit, (injected Slack error), then the method itself.
   */
  private answerApi(
    method: string,
    args: Args,
    token: string | undefined,
    parseError: string | undefined,
  ): ApiOutcome {
    const slack = (
      response: SlackResult,
      status = 200,
      headers: Record<string, string> = {},
    ): ApiOutcome => ({
      status,
      response,
      headers,
    });
    const httpFailure = take(this.httpFailures, method);
    if (httpFailure !== undefined) {
      return {
        status: httpFailure,
        response: { ok: false, error: `http_${httpFailure}` },
        headers: httpFailure === 429 ? { "retry-after": "1" } : {},
        text: `fake-slack: injected HTTP ${httpFailure}`,
      };
    }
    if (parseError) return slack({ ok: false, error: parseError });
    const handler = METHODS[method];
    if (!handler) return slack({ ok: false, error: "unknown_method" });
    if (!NO_AUTH.has(method) && !token) return slack({ ok: false, error: "not_authed" });
    if (!NO_AUTH.has(method) && this.validTokens && !this.validTokens.has(token ?? "")) {
      return slack({ ok: false, error: "invalid_auth" });
    }
    // Once the fake has issued tokens (OAuth), each works only in its own workspace(s).
    // App-level methods take the app's xapp- token, which belongs to no workspace: the registry of
    // issued bot tokens doesn't judge it (the method itself refuses anything but xapp-).
    const auth = NO_AUTH.has(method) || APP_LEVEL.has(method) ? undefined : this.oauth.check(token);
    if (auth && !auth.ok) return slack({ ok: false, error: auth.error });
    const issued = auth?.token;
    const teams = issued ? this.oauth.teamsOf(issued) : undefined;
    if (issued && method === "auth.test") return slack(this.oauth.authTest(issued));
    if (issued && method === "auth.revoke") {
      this.oauth.revoke(issued.token);
      return slack({ ok: true, revoked: true });
    }
    if (teams) {
      const foreign = this.foreignResource(args, teams);
      if (foreign) return slack({ ok: false, error: foreign });
    }
    const scope = this.workspaceOf ? this.workspaceOf({ token, args }) : (token ?? "*");
    const retryAfter = this.limiter.check(method, this.channelKey(args), this.now(), scope);
    if (retryAfter !== undefined) {
      this.rateLimitedCount++;
      return slack({ ok: false, error: "ratelimited" }, 429, { "retry-after": String(retryAfter) });
    }
    const injected = take(this.failures, method);
    if (injected !== undefined) return slack({ ok: false, error: injected });
    // Handlers are synchronous: what they create (views, auto-created channels) belongs to this team.
    this.workspace.actingTeam = issued ? this.actingTeamOf(issued, args) : undefined;
    try {
      return slack(
        handler(args, {
          ws: this.workspace,
          token: token ?? "",
          baseUrl: this.baseUrl,
          socketMode: this.socketMode,
          ...(teams ? { teams } : {}),
        }),
      );
    } finally {
      this.workspace.actingTeam = undefined;
    }
  }

  /**
   * Slack's answer when a call touches a channel, user or view of a workspace the token doesn't
   * serve (channel_not_found / user_not_found / not_found), or undefined when all is its own.
   * Resources registered without a team (single-workspace set-up) belong to everyone.
   */
  private foreignResource(args: Args, teams: ReadonlySet<string>): string | undefined {
    const ws = this.workspace;
    const userForeign = (id: string) => {
      const team = ws.users.get(id)?.teamId;
      return team !== undefined && !teams.has(team);
    };
    for (const key of ["channel", "channel_id"]) {
      const ref = args[key];
      if (typeof ref !== "string" || ref === "") continue;
      if (/^[UW][A-Z0-9]+$/.test(ref)) {
        if (userForeign(ref)) return "channel_not_found";
        continue;
      }
      const channel = ws.channels.get(ref);
      if (channel?.teamIds && !channel.teamIds.some((t) => teams.has(t))) return "channel_not_found";
      if (channel?.isIm && channel.user && userForeign(channel.user)) return "channel_not_found";
    }
    for (const key of ["user", "user_id"]) {
      const ref = args[key];
      if (typeof ref === "string" && userForeign(ref)) return "user_not_found";
    }
    if (typeof args.users === "string" && args.users.split(",").some((u) => userForeign(u.trim()))) {
      return "user_not_found";
    }
    const view =
      typeof args.view_id === "string" || typeof args.external_id === "string"
        ? ws.findView(args)
        : undefined;
    if (view && typeof view.team_id === "string" && !teams.has(view.team_id)) return "not_found";
    return undefined;
  }

  /** The workspace a call acts in: the token's own, or for an org-wide token the user's workspace. */
  private actingTeamOf(token: FakeToken, args: Args): string | undefined {
    if (token.teamId) return token.teamId;
    const user =
      typeof args.user_id === "string" ? args.user_id : typeof args.user === "string" ? args.user : undefined;
    return (user ? this.workspace.users.get(user)?.teamId : undefined) ?? undefined;
  }

  /** Rate-limit key: the conversation, with a DM keyed by its user whether addressed by U or D id. */
  private channelKey(args: Args): string | undefined {
    const ref = args.channel ?? args.channel_id;
    if (typeof ref !== "string") return undefined;
    if (ref.startsWith("D")) return this.workspace.channels.get(ref)?.user ?? ref;
    return ref;
  }

  private enqueue<T>(map: Map<string, Injected<T>[]>, method: string, value: T, times: number): void {
    const queue = map.get(method) ?? [];
    queue.push({ value, remaining: times });
    map.set(method, queue);
  }

  private async poll<T>(probe: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() >= deadline) {
        const seen = this.calls.slice(-20).map((c) => `${c.method}(${summarize(c)})`);
        throw new Error(
          `FakeSlack: timed out after ${timeoutMs} ms waiting for ${what()}. Last calls: ${seen.join(", ") || "none"}`,
        );
      }
      await sleep(POLL_MS);
    }
  }
}

function take<T>(map: Map<string, Injected<T>[]>, method: string): T | undefined {
  const queue = map.get(method);
  const head = queue?.[0];
  if (!queue || !head) return undefined;
  head.remaining--;
  if (head.remaining <= 0) queue.shift();
  return head.value;
}

function summarize(call: RecordedCall): string {
  return call.response.ok ? "ok" : (call.response.error ?? `HTTP ${call.status}`);
}
