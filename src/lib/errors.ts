/**
 * Typed errors with stable codes. Domain and service code throws these; the
 * listeners and the global error handler turn them into a clear message for the user.
 */
export type ErrorCode =
  | "validation"
  | "not_found"
  | "forbidden"
  | "conflict"
  | "config"
  | "rate_limited"
  | "slack"
  | "busy"
  | "internal";

export class AppError extends Error {
  /**
   * @param code stable machine-readable code
   * @param userMessage safe to show in Slack (no internals)
   */
  constructor(
    readonly code: ErrorCode,
    readonly userMessage: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(
      options?.detail ?? userMessage,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
  }
}

/** Input failed validation; `fieldErrors` maps a field (modal block_id) to a message. */
export class ValidationError extends AppError {
  constructor(
    readonly fieldErrors: Record<string, string>,
    userMessage = Object.values(fieldErrors)[0] ?? "That input is not valid.",
  ) {
    super("validation", userMessage);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super("not_found", `I couldn't find ${what}.`);
  }
}

export class ForbiddenError extends AppError {
  constructor(userMessage: string) {
    super("forbidden", userMessage);
  }
}

/**
 * Too much work queued after acks (`WorkScheduler` full): the request was acked but not done.
 * The person is told privately to try again.
 */
export class BusyError extends AppError {
  constructor() {
    super(
      "busy",
      "⏳ I'm handling a lot of requests right now and couldn't do that one. Please try again in a minute.",
    );
  }
}

export class ConflictError extends AppError {
  constructor(userMessage: string) {
    super("conflict", userMessage);
  }
}

/** Too many uses in a short time; the message says when to try again. */
export class RateLimitedError extends AppError {
  constructor(
    userMessage: string,
    readonly retryAfterMs: number,
  ) {
    super("rate_limited", userMessage);
  }
}

/** Configuration problems found at start-up; the message lists every bad variable. */
export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super("config", `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * Slack did not answer within the configured timeout, or calls are paused because it kept failing
 * (see `src/app/slack-fetch.ts`). The person is told to try again shortly.
 */
export class SlackUnavailableError extends AppError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      "slack",
      "⏳ Slack didn't answer in time, so I couldn't finish that. Nothing else was changed by this step; please try again in a minute.",
      { detail, cause: options?.cause },
    );
  }
}

/**
 * The workspace uninstalled scrumbot or revoked its bot token: nothing is done or sent for it
 * until it is installed again (docs/data-retention.md).
 */
export class WorkspaceStoppedError extends AppError {
  constructor(
    readonly teamId: string,
    reason: string,
  ) {
    super(
      "forbidden",
      `scrumbot is stopped in this workspace (${reason}). Install it again from the app's page to carry on where you left off.`,
    );
  }
}

/**
 * No installation serves this workspace (never installed, uninstalled, or its token could not be
 * refreshed). The person is told how to (re)install.
 */
export class WorkspaceNotInstalledError extends AppError {
  constructor(detail: string) {
    super(
      "not_found",
      "🔌 scrumbot isn't installed in this workspace any more (or its access expired). Ask a workspace admin to install it again from the app's install page (/slack/install).",
      { detail },
    );
  }
}
