/** Shared plumbing for the Web API method handlers. */
import { checkMessageBlocks, format, LIMITS } from "../block-kit-limits.js";
import type { FakeSocketMode } from "../socket-mode.js";
import type { Workspace } from "../state.js";
import type { Args, SlackResult } from "../types.js";

export interface HandlerContext {
  ws: Workspace;
  token: string;
  /** `http://127.0.0.1:PORT/` */
  baseUrl: string;
  socketMode: FakeSocketMode;
  /** OAuth: the workspaces the call's token serves (undefined: single-workspace, everything). */
  teams?: ReadonlySet<string>;
}

/** A method handler: synchronous, so each call is atomic with respect to the workspace state. */
export type Handler = (args: Args, ctx: HandlerContext) => SlackResult;
export type MethodTable = Record<string, Handler>;

export const ok = (data: Record<string, unknown> = {}): SlackResult => ({ ok: true, ...data });
export const fail = (error: string, extra: Record<string, unknown> = {}): SlackResult => ({
  ok: false,
  error,
  ...extra,
});

/** Form fields arrive as strings; JSON bodies may carry numbers. */
export function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

export function num(args: Args, key: string): number | undefined {
  const v = args[key];
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function bool(args: Args, key: string): boolean {
  const v = args[key];
  return v === true || v === "true" || v === "1" || v === 1;
}

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Message content checks shared by chat.* and response URLs: `msg_too_long`, `invalid_blocks_format`,
 * `invalid_blocks` (with `response_metadata.messages`), and `no_text` when nothing would be shown.
 * @returns the failure to answer, or undefined when the content is acceptable.
 */
export function checkMessageContent(args: Args, requireContent = true): SlackResult | undefined {
  const text = args.text;
  if (typeof text === "string" && text.length > LIMITS.messageText) return fail("msg_too_long");
  const blocks = args.blocks;
  if (blocks !== undefined) {
    if (!Array.isArray(blocks)) return fail("invalid_blocks_format");
    const problems = checkMessageBlocks(blocks);
    if (problems.length) {
      return fail("invalid_blocks", {
        response_metadata: { messages: problems.map((p) => `[ERROR] ${format(p)}`) },
      });
    }
  }
  if (args.attachments !== undefined && !Array.isArray(args.attachments)) return fail("invalid_attachments");
  const hasContent =
    (typeof text === "string" && text.trim() !== "") ||
    (Array.isArray(blocks) && blocks.length > 0) ||
    (Array.isArray(args.attachments) && args.attachments.length > 0);
  if (requireContent && !hasContent) return fail("no_text");
  return undefined;
}

/** Cursor pagination like Slack's: opaque `next_cursor`, empty string on the last page. */
export function paginate<T>(items: T[], args: Args, defaultLimit: number): { page: T[]; nextCursor: string } {
  const limit = num(args, "limit") || defaultLimit;
  const cursor = str(args, "cursor");
  const offset = cursor
    ? Number(
        Buffer.from(cursor, "base64")
          .toString("utf8")
          .replace(/^offset:/, ""),
      ) || 0
    : 0;
  if (limit <= 0) return { page: items.slice(offset), nextCursor: "" };
  const page = items.slice(offset, offset + limit);
  const next = offset + limit;
  return { page, nextCursor: next < items.length ? Buffer.from(`offset:${next}`).toString("base64") : "" };
}
