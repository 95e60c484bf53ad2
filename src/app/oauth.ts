/**
 * OAuth mode (docs/oauth.md): the installation store, state store, token rotation and the
 * per-workspace token lookup, plus the options that turn on Bolt's built-in install flow
 * (`GET /slack/install` and `GET /slack/oauth_redirect`) on the receiver.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { InstallURLOptions } from "@slack/bolt";
import {
  type CallbackOptions,
  type CodedError,
  InstallProvider,
  type Logger as OAuthLogger,
} from "@slack/oauth";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import { botScopes } from "../../manifest/scopes.js";
import { INSTALL_PATH, type OAuthConfig, REDIRECT_PATH } from "../config.js";
import type { DatabaseHandle } from "../db/connection.js";
import { createInstallationRepository, type SqlDialect } from "../db/installation.repository.js";
import { createOAuthStateRepository } from "../db/oauth-state.repository.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import { createInstallationStore, type ScrumbotInstallationStore } from "../slack/installation-store.js";
import { createOAuthStateStore } from "../slack/oauth-state-store.js";
import {
  createRefreshExchange,
  createTokenRefresher,
  type TokenRefresherOptions,
} from "../slack/token-rotation.js";
import { createInstallationTokens, type WorkspaceTokens } from "../slack/workspace-clients.js";
import { type InstallOutcome, installPage, outcomePage } from "./oauth-pages.js";

export interface OAuthStack {
  tokens: WorkspaceTokens;
  installationStore: ScrumbotInstallationStore;
  /** Options for Bolt's HTTPReceiver / SocketModeReceiver that serve the install flow. */
  receiverOptions: OAuthReceiverOptions;
}

export interface OAuthReceiverOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  scopes: string[];
  redirectUri?: string;
  installationStore: ScrumbotInstallationStore;
  installerOptions: {
    installPath: string;
    redirectUriPath: string;
    stateVerification: true;
    directInstall: false;
    stateStore: ReturnType<typeof createOAuthStateStore>;
    renderHtmlForInstallPath: (url: string) => string;
    callbackOptions: CallbackOptions;
    clientOptions: WebClientOptions;
    authorizationUrl: string;
  };
}

/** Slack's authorize page beside its Web API: `https://slack.com/api/` → `https://slack.com/oauth/v2/authorize`. */
export function authorizeUrlFor(slackApiUrl: string): string {
  return new URL("../oauth/v2/authorize", slackApiUrl).toString();
}

export function createOAuthStack(deps: {
  oauth: OAuthConfig;
  slackApiUrl: string;
  database: DatabaseHandle;
  dialect?: SqlDialect;
  clock: Clock;
  logger: Logger;
  /** Bolt-style logger for the InstallProvider of the state-less (org admin) path. */
  boltLogger: OAuthLogger;
  fetch?: typeof globalThis.fetch;
  rotation?: TokenRefresherOptions;
}): OAuthStack {
  const { oauth, clock, logger } = deps;
  const repo = createInstallationRepository(deps.database.db, deps.dialect ?? "sqlite");
  const refresher = createTokenRefresher({
    repo,
    exchange: createRefreshExchange({
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      slackApiUrl: deps.slackApiUrl,
      fetch: deps.fetch,
    }),
    clock,
    logger,
    options: deps.rotation,
  });
  const tokens = createInstallationTokens({ repo, refresher, clock });
  const installationStore = createInstallationStore({
    repo,
    tokens,
    clock,
    logger,
    teamsOf: (enterpriseId) => repo.teamsOf(enterpriseId),
  });
  const stateStore = createOAuthStateStore({
    repo: createOAuthStateRepository(deps.database.db),
    secret: oauth.stateSecret,
    clock,
  });
  const clientOptions: WebClientOptions = {
    slackApiUrl: deps.slackApiUrl,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  };
  const scopes = botScopes.map((s) => s.scope);
  const installUrlOptions: InstallURLOptions = {
    scopes,
    ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
  };
  const authorizationUrl = authorizeUrlFor(deps.slackApiUrl);

  const send = (res: ServerResponse, outcome: InstallOutcome) => {
    const { status, html } = outcomePage(outcome);
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html);
  };
  const succeeded: CallbackOptions["successAsync"] = async (installation, _options, _req, res) => {
    const orgWide = installation.isEnterpriseInstall === true;
    send(res, {
      kind: "installed",
      orgWide,
      workspace: (orgWide ? installation.enterprise?.name : installation.team?.name) ?? null,
    });
  };

  /**
   * An org-wide install approved on the Enterprise admin page arrives WITHOUT `state` (Slack
   * starts that flow, not our install page; node-slack-sdk #1338, bolt-js #1101). The ordinary
   * provider refuses it (missing state); only then this second provider, with state verification
   * off, exchanges the code, and `afterInstallation` keeps the result ONLY if Slack says it is an
   * org-wide install (`is_enterprise_install: true`). Anything else is refused before it is
   * stored and its token revoked. Why CSRF protection holds: a forged callback can only make us
   * store an org-wide install that a Grid org admin actually approved for this app (the code is
   * exchanged with our client secret, and Slack binds it to that approval); it cannot tie anyone's
   * browser session to anything (there are no sessions), and every ordinary flow still needs a
   * signed, single-use state matching the installer's cookie.
   */
  let stateless: InstallProvider | undefined;
  // Built on first use: it logs a (fair) warning about state verification being off when built.
  const statelessProvider = () => {
    stateless ??= new InstallProvider({
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      stateVerification: false,
      installationStore,
      logger: deps.boltLogger,
      clientOptions,
      authorizationUrl,
    });
    return stateless;
  };
  const statelessCallbacks: CallbackOptions = {
    afterInstallation: async (installation, _options, _req, res) => {
      if (installation.isEnterpriseInstall === true) return true;
      logger.warn("refused an install redirect without state that is not an org-wide install", {
        teamId: installation.team?.id,
      });
      const token = installation.bot?.token;
      if (token) {
        await new WebClient(token, clientOptions).auth.revoke().catch((error: unknown) => {
          logger.warn("could not revoke the refused install's token", { error: String(error) });
        });
      }
      send(res, { kind: "bad_state" });
      return false;
    },
    successAsync: succeeded,
    failureAsync: async (error, _options, _req, res) => failed(error, res),
  };

  const failed = async (error: CodedError, res: ServerResponse) => {
    const reference = randomBytes(4).toString("hex");
    logger.warn("install did not finish", { reference, code: error.code, error: error.message });
    send(res, { kind: "failed", reference });
  };

  const callbackOptions: CallbackOptions = {
    successAsync: succeeded,
    failureAsync: async (error, _options, req: IncomingMessage, res: ServerResponse) => {
      const query = new URL(req.url ?? "/", "http://localhost").searchParams;
      if (query.get("error") === "access_denied") return send(res, { kind: "cancelled" });
      if (error.code === "slack_oauth_missing_state" && query.get("code")) {
        await statelessProvider().handleCallback(req, res, statelessCallbacks, installUrlOptions);
        return;
      }
      if (error.code === "slack_oauth_invalid_state" || error.code === "slack_oauth_missing_state") {
        logger.info("install refused: bad, expired or used state", { reason: error.message });
        return send(res, { kind: "bad_state" });
      }
      return failed(error, res);
    },
  };

  return {
    tokens,
    installationStore,
    receiverOptions: {
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      stateSecret: oauth.stateSecret,
      scopes,
      ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
      installationStore,
      installerOptions: {
        installPath: INSTALL_PATH,
        redirectUriPath: REDIRECT_PATH,
        stateVerification: true,
        directInstall: false,
        stateStore,
        renderHtmlForInstallPath: installPage,
        callbackOptions,
        clientOptions,
        authorizationUrl,
      },
    },
  };
}
