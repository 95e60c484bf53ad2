/**
 * The one global error handler: the log gets the details, the person gets a short useful
 * message (ephemeral, or DM when there is no channel). Never a stack trace in Slack.
 */
import { randomBytes } from "node:crypto";
import type { WebClient } from "@slack/web-api";
import { type AppError, isAppError } from "../lib/errors.js";
import type { Logger } from "../lib/logger.js";
import { joinMrkdwn, type Mrkdwn, md, mrkdwnSafe, ours } from "../views/format.js";
import { ephemeralAside, postToResponseUrl, tellPrivately } from "./reply.js";
import type { WorkspaceClients } from "./workspace-clients.js";

/** What the handler reads of a request's body. */
export interface ErrorBody {
  team_id?: string;
  team?: { id?: string } | null;
  response_url?: string;
  user?: { id?: string };
  user_id?: string;
  channel?: { id?: string };
  channel_id?: string;
  type?: string;
  command?: string;
}

/**
 * Just those fields of `body`: kept for a listener's remainder after Bolt has let go of the
 * request (listeners/registry.ts), instead of the whole payload.
 */
export function errorBodyOf(body: unknown): ErrorBody {
  const b = (body ?? {}) as ErrorBody;
  return {
    type: b.type,
    team_id: b.team_id,
    team: b.team ? { id: b.team.id } : b.team,
    user: b.user ? { id: b.user.id } : undefined,
    user_id: b.user_id,
    channel: b.channel ? { id: b.channel.id } : undefined,
    channel_id: b.channel_id,
    response_url: b.response_url,
    command: b.command,
  };
}

/** Unwraps Bolt's `UnknownError` / `MultipleListenerError` to what a listener threw. */
export function originalError(error: unknown): unknown {
  const e = error as { original?: unknown; originals?: unknown[] };
  if (e?.original !== undefined) return e.original;
  if (Array.isArray(e?.originals) && e.originals.length > 0) return e.originals[0];
  return error;
}

/**
 * An error's message as mrkdwn: the app's words as written, whatever a person typed in it
 * (`said`) escaped — a sprint named "<!channel>" quoted in an error pings nobody.
 */
export function errorMrkdwn(error: AppError): Mrkdwn {
  const m = error.saidMessage;
  if (!m) return ours(error.userMessage);
  return joinMrkdwn(
    m.parts.flatMap((part, i) => {
      const typed = m.typed[i];
      return typed === undefined ? [ours(part)] : [ours(part), mrkdwnSafe(typed, 300)];
    }),
    "",
  );
}

/** What the person is told for an error: the typed message, or a generic one with a reference. */
export function userMessageFor(error: unknown, ref: string): Mrkdwn {
  const original = originalError(error);
  if (isAppError(original)) return errorMrkdwn(original);
  // A Slack call that timed out arrives wrapped by WebClient (WebAPIRequestError.original).
  const inner = (original as { original?: unknown })?.original;
  if (isAppError(inner)) return errorMrkdwn(inner);
  return md`😕 Sorry, something went wrong on my side and I couldn't finish that. Please try again; if it keeps happening, give your admin this reference: \`${mrkdwnSafe(ref, 20)}\`.`;
}

export function createErrorHandler(deps: {
  /** The workspace's client, for the DM when there is no response_url. */
  clients: WorkspaceClients;
  logger: Logger;
  /** Bounded fetch for the response_url post (default: global fetch with a 10 s timeout). */
  fetch?: typeof globalThis.fetch;
}) {
  const post = deps.fetch ?? ((url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }));
  return async ({
    error,
    body,
    context,
  }: {
    error: Error;
    body?: unknown;
    context?: { teamId?: string; enterpriseId?: string };
  }): Promise<void> => {
    const ref = randomBytes(4).toString("hex");
    const original = originalError(error);
    const known = isAppError(original);
    deps.logger[known ? "warn" : "error"]("listener failed", {
      ref,
      error: original,
      requestType: (body as ErrorBody)?.type,
    });
    const b = (body ?? {}) as ErrorBody;
    const userId = b.user?.id ?? b.user_id;
    const channelId = b.channel?.id ?? b.channel_id;
    const text = userMessageFor(error, ref);
    try {
      if (b.response_url && (await postToResponseUrl(b.response_url, ephemeralAside({ text }), post))) return;
      const teamId = context?.teamId ?? teamOf(b);
      if (userId && teamId) {
        const client: WebClient = await deps.clients.clientFor(teamId, context?.enterpriseId ?? null);
        await tellPrivately(client, { userId, channelId: channelId ?? null }, { text });
      }
    } catch (notifyError) {
      deps.logger.error("could not tell the user about an error", { ref, error: notifyError });
    }
  };
}

/** The workspace of a payload Bolt could not authorize (no context): slash command or interaction. */
function teamOf(b: ErrorBody): string | undefined {
  return b.team_id ?? b.team?.id ?? undefined;
}
