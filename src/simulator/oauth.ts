/**
 * The fake's OAuth side: workspaces (optionally in an Enterprise Grid organization), Slack's
 * authorize page (`GET /oauth/v2/authorize`, answered with the redirect the installer's browser
 * would follow), `oauth.v2.access` (code exchange, and `grant_type=refresh_token` with rotation),
 * `auth.revoke`, and the token registry every Web API call is checked against.
 *
 * Until the fake issues its first token, any token works (single-workspace tests are unchanged).
 * From then on only issued tokens work, each only in its own workspace (or, for an org-wide
 * install, in the workspaces of its organization), as Slack does:
 * - unknown token → `invalid_auth`; revoked → `token_revoked`; past its expiry → `token_expired`;
 * - a refresh token works once (`invalid_refresh_token` after).
 */
import { randomBytes } from "node:crypto";
import type { Args, SlackResult } from "./types.js";

export interface FakeWorkspaceInfo {
  teamId: string;
  name: string;
  domain: string;
  enterpriseId?: string;
  enterpriseName?: string;
}

/** What an install grants: one workspace, or a whole organization (org-wide). */
export type InstallTarget = { teamId: string } | { enterpriseId: string; orgWide: true };

export interface FakeToken {
  token: string;
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  /** Ms since the epoch (fake clock); null without rotation. */
  expiresAt: number | null;
  revoked: boolean;
}

export interface FakeOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Where the authorize page sends the installer back when the app passes no `redirect_uri`. */
  redirectUri: string;
  /** Token rotation on: access tokens expire after `expiresInSeconds`, with refresh tokens. */
  rotation?: boolean;
  /** Default 43,200 (12 hours), as Slack. */
  expiresInSeconds?: number;
  /** Bot scopes granted (comma-separated); default what the app asks for. */
  scopes?: string;
}

type Approval = InstallTarget | { deny: true };

const random = () => randomBytes(12).toString("hex");

export class FakeOAuth {
  config: FakeOAuthConfig | undefined;
  readonly workspaces = new Map<string, FakeWorkspaceInfo>();
  readonly tokens = new Map<string, FakeToken>();
  private readonly refreshTokens = new Map<string, { target: InstallTarget; spent: boolean }>();
  private readonly codes = new Map<
    string,
    { target: InstallTarget; redirectUri: string | undefined; scope: string; used: boolean }
  >();
  private approval: Approval | undefined;
  /** Refresh exchanges answered, accepted or not (tests count races). */
  readonly refreshes: { refreshToken: string; ok: boolean }[] = [];

  constructor(
    private readonly now: () => number,
    private readonly identity: { appId: string; botUserId: string; botId: string },
  ) {}

  addWorkspace(info: FakeWorkspaceInfo): void {
    this.workspaces.set(info.teamId, info);
  }

  /** The next visit to the authorize page installs to `target` (or is cancelled with `deny`). */
  approveNext(approval: Approval): void {
    this.approval = approval;
  }

  /** Tokens only work once the fake has issued one. */
  get strict(): boolean {
    return this.tokens.size > 0;
  }

  /** Workspaces a token may act in; an org-wide token: every workspace of its organization. */
  teamsOf(t: FakeToken): Set<string> {
    if (!t.isEnterpriseInstall) return new Set(t.teamId ? [t.teamId] : []);
    return new Set(
      [...this.workspaces.values()].filter((w) => w.enterpriseId === t.enterpriseId).map((w) => w.teamId),
    );
  }

  /** The token's verdict, or undefined when the fake has issued none (anything goes). */
  check(
    token: string | undefined,
  ): { ok: true; token: FakeToken } | { ok: false; error: string } | undefined {
    if (!this.strict) return undefined;
    const t = this.tokens.get(token ?? "");
    if (!t) return { ok: false, error: token ? "invalid_auth" : "not_authed" };
    if (t.revoked) return { ok: false, error: "token_revoked" };
    if (t.expiresAt !== null && this.now() >= t.expiresAt) return { ok: false, error: "token_expired" };
    return { ok: true, token: t };
  }

  /** Issues a bot token (and a refresh token with rotation) for `target`, as an install would. */
  issue(target: InstallTarget): { token: FakeToken; refreshToken: string | null } {
    const rotation = this.config?.rotation === true;
    const orgWide = "orgWide" in target;
    const ws = orgWide ? undefined : this.workspaces.get(target.teamId);
    const token: FakeToken = {
      token: `${rotation ? "xoxe.xoxb-1-" : "xoxb-"}${orgWide ? target.enterpriseId : target.teamId}-${random()}`,
      teamId: orgWide ? null : target.teamId,
      enterpriseId: orgWide ? target.enterpriseId : (ws?.enterpriseId ?? null),
      isEnterpriseInstall: orgWide,
      expiresAt: rotation ? this.now() + this.expiresIn() * 1000 : null,
      revoked: false,
    };
    this.tokens.set(token.token, token);
    let refreshToken: string | null = null;
    if (rotation) {
      refreshToken = `xoxe-1-${random()}`;
      this.refreshTokens.set(refreshToken, { target, spent: false });
    }
    return { token, refreshToken };
  }

  /** Revokes a bot token, or a refresh token (an uninstall revokes both). */
  revoke(token: string): void {
    const t = this.tokens.get(token);
    if (t) t.revoked = true;
    const refresh = this.refreshTokens.get(token);
    if (refresh) refresh.spent = true;
  }

  /** `GET /oauth/v2/authorize`: where the installer's browser is sent (302), or an error page. */
  authorize(query: URLSearchParams): { status: number; location?: string; text: string } {
    const config = this.config;
    if (!config || query.get("client_id") !== config.clientId)
      return { status: 400, text: "invalid_client_id" };
    const redirect = new URL(query.get("redirect_uri") ?? config.redirectUri);
    const state = query.get("state");
    const approval = this.approval ?? this.defaultApproval();
    this.approval = undefined;
    if ("deny" in approval) {
      redirect.searchParams.set("error", "access_denied");
    } else {
      redirect.searchParams.set(
        "code",
        this.mintCode(approval, query.get("redirect_uri") ?? undefined, query.get("scope") ?? ""),
      );
    }
    if (state !== null) redirect.searchParams.set("state", state);
    return { status: 302, location: redirect.toString(), text: "" };
  }

  /**
   * The redirect an Enterprise org admin's browser follows after approving an org-wide install on
   * the admin page: a code and NO state (Slack started that flow, not the app).
   */
  adminApprovedOrgInstallUrl(enterpriseId: string): string {
    const config = this.requireConfig();
    const redirect = new URL(config.redirectUri);
    redirect.searchParams.set("code", this.mintCode({ enterpriseId, orgWide: true }, undefined, ""));
    return redirect.toString();
  }

  /** A code for `target` (for tests that forge a state-less redirect for a workspace install). */
  mintCode(target: InstallTarget, redirectUri: string | undefined, scope: string): string {
    const code = `code-${random()}`;
    this.codes.set(code, { target, redirectUri, scope, used: false });
    return code;
  }

  /** `oauth.v2.access`: client credentials from the form or HTTP Basic auth. */
  access(args: Args, basic: { id: string; secret: string } | undefined): SlackResult {
    const config = this.config;
    const clientId = typeof args.client_id === "string" ? args.client_id : basic?.id;
    const secret = typeof args.client_secret === "string" ? args.client_secret : basic?.secret;
    if (!config || clientId !== config.clientId) return { ok: false, error: "invalid_client_id" };
    if (secret !== config.clientSecret) return { ok: false, error: "bad_client_secret" };
    if (args.grant_type === "refresh_token") return this.refresh(String(args.refresh_token ?? ""));
    const code = this.codes.get(String(args.code ?? ""));
    if (!code || code.used) return { ok: false, error: "invalid_code" };
    const redirectUri = typeof args.redirect_uri === "string" ? args.redirect_uri : undefined;
    if (code.redirectUri !== undefined && redirectUri !== code.redirectUri)
      return { ok: false, error: "bad_redirect_uri" };
    code.used = true;
    const issued = this.issue(code.target);
    return {
      ok: true,
      ...this.grantFields(issued, code.target),
      scope: code.scope || config.scopes || "commands,chat:write",
      authed_user: { id: "UINSTALLER" },
    };
  }

  private refresh(refreshToken: string): SlackResult {
    const entry = this.refreshTokens.get(refreshToken);
    const ok = entry !== undefined && !entry.spent;
    this.refreshes.push({ refreshToken, ok });
    if (!entry || entry.spent) return { ok: false, error: "invalid_refresh_token" };
    entry.spent = true;
    const issued = this.issue(entry.target);
    return {
      ok: true,
      ...this.grantFields(issued, entry.target),
      scope: this.config?.scopes ?? "commands,chat:write",
    };
  }

  private grantFields(issued: { token: FakeToken; refreshToken: string | null }, target: InstallTarget) {
    const orgWide = "orgWide" in target;
    const ws = orgWide ? undefined : this.workspaces.get(target.teamId);
    const enterpriseId = orgWide ? target.enterpriseId : ws?.enterpriseId;
    const enterpriseName = [...this.workspaces.values()].find(
      (w) => w.enterpriseId === enterpriseId,
    )?.enterpriseName;
    return {
      access_token: issued.token.token,
      token_type: "bot",
      bot_user_id: this.identity.botUserId,
      app_id: this.identity.appId,
      team: orgWide ? null : { id: target.teamId, name: ws?.name ?? target.teamId },
      enterprise: enterpriseId ? { id: enterpriseId, name: enterpriseName ?? enterpriseId } : null,
      is_enterprise_install: orgWide,
      ...(issued.refreshToken ? { refresh_token: issued.refreshToken, expires_in: this.expiresIn() } : {}),
    };
  }

  /** `auth.test` for an issued token. */
  authTest(t: FakeToken): SlackResult {
    const ws = t.teamId ? this.workspaces.get(t.teamId) : undefined;
    const orgName = [...this.workspaces.values()].find(
      (w) => w.enterpriseId === t.enterpriseId,
    )?.enterpriseName;
    return {
      ok: true,
      url: `https://${ws?.domain ?? (t.enterpriseId ?? "org").toLowerCase()}.slack.com/`,
      team: ws?.name ?? orgName ?? t.enterpriseId,
      user: "scrumbot",
      team_id: t.teamId ?? t.enterpriseId,
      user_id: this.identity.botUserId,
      bot_id: this.identity.botId,
      ...(t.enterpriseId ? { enterprise_id: t.enterpriseId } : {}),
      is_enterprise_install: t.isEnterpriseInstall,
      ...(t.expiresAt !== null
        ? { expires_in: Math.max(0, Math.floor((t.expiresAt - this.now()) / 1000)) }
        : {}),
    };
  }

  private expiresIn(): number {
    return this.config?.expiresInSeconds ?? 43_200;
  }

  private defaultApproval(): Approval {
    const first = this.workspaces.values().next().value;
    if (!first) throw new Error("FakeSlack OAuth: add a workspace (fake.addWorkspace) before installing");
    return { teamId: first.teamId };
  }

  private requireConfig(): FakeOAuthConfig {
    if (!this.config) throw new Error("FakeSlack OAuth: call fake.enableOAuth first");
    return this.config;
  }
}
