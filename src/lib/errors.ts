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

/**
 * A message for people with text someone TYPED in it (a sprint or standup name), kept apart from
 * the app's own words so the Slack edge can escape it (`slack/error-handler.ts` renders it with
 * the Mrkdwn helpers): a standup named "<!channel>" must not page a channel from an error.
 * Build one with {@link said}; `String(m)` is the plain text (modal field errors, the CLI).
 */
export class UserMessage {
  constructor(
    /** The app's own words (mrkdwn allowed), one more than `typed`. */
    readonly parts: readonly string[],
    /** What people typed, in order; never mrkdwn. */
    readonly typed: readonly string[],
  ) {}

  /** `prefix` + this + `suffix` (the app's own words around it). */
  wrap(prefix: string, suffix: string): UserMessage {
    const parts = [...this.parts];
    parts[0] = prefix + (parts[0] ?? "");
    parts[parts.length - 1] = (parts[parts.length - 1] ?? "") + suffix;
    return new UserMessage(parts, this.typed);
  }

  toString(): string {
    return this.parts.reduce((out, part, i) => out + part + (this.typed[i] ?? ""), "");
  }
}

/** @example new NotFoundError(said`a standup called “${name}” that you're in`) */
export function said(parts: TemplateStringsArray, ...typed: string[]): UserMessage {
  return new UserMessage([...parts], typed);
}

export class AppError extends Error {
  /** Safe to show in Slack (no internals); plain text when typed text is in it (see `said`). */
  readonly userMessage: string;
  /** The message with its typed text kept apart, when it has any (render it escaped). */
  readonly saidMessage: UserMessage | null;

  /**
   * @param code stable machine-readable code
   * @param userMessage safe to show in Slack (no internals); typed text only through {@link said}
   */
  constructor(
    readonly code: ErrorCode,
    userMessage: string | UserMessage,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(
      options?.detail ?? String(userMessage),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.userMessage = String(userMessage);
    this.saidMessage = userMessage instanceof UserMessage ? userMessage : null;
  }
}

/** Input failed validation; `fieldErrors` maps a field (modal block_id) to a message. */
export class ValidationError extends AppError {
  /** Field errors show in modals as plain text; `userMessage` (here mrkdwn) may keep typed text apart. */
  constructor(
    readonly fieldErrors: Record<string, string>,
    userMessage: string | UserMessage = Object.values(fieldErrors)[0] ?? "That input is not valid.",
  ) {
    super("validation", userMessage);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string | UserMessage) {
    super(
      "not_found",
      what instanceof UserMessage ? what.wrap("I couldn't find ", ".") : `I couldn't find ${what}.`,
    );
  }
}

export class ForbiddenError extends AppError {
  constructor(userMessage: string | UserMessage) {
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
  constructor(userMessage: string | UserMessage) {
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
