/**
 * The message shortcut payload ("Turn into story"): the message comes with the payload, so
 * no history scope is needed. zod checks the fragment; `slackTextToPlain` turns Slack's
 * message markup into the plain text a person would have typed.
 */
import { z } from "zod";
import { firstLine } from "../../domain/request.js";
import { STORY_LIMITS } from "../../domain/story.js";
import { cleanText } from "../../domain/story.schema.js";
import { shortcutContext } from "../context.js";

const TS = /^\d+\.\d+$/;

const shortcutSchema = z.object({
  channel: z.object({ id: z.string().regex(/^[CDG][A-Z0-9]+$/) }),
  message_ts: z.string().regex(TS),
  trigger_id: z.string(),
  message: z.object({
    ts: z.string().regex(TS),
    thread_ts: z.string().regex(TS).optional(),
    text: z.string().optional().default(""),
    user: z.string().optional(),
  }),
});

export interface MessageShortcut {
  teamId: string;
  userId: string;
  channelId: string;
  messageTs: string;
  /** Set when the message is inside a thread (a reply or the parent of one). */
  threadTs: string | null;
  triggerId: string;
  /** The message as plain text (markup resolved). */
  text: string;
  authorId: string | null;
}

export function parseMessageShortcut(payload: unknown): MessageShortcut {
  const p = shortcutSchema.parse(payload);
  const { teamId, userId } = shortcutContext(payload);
  return {
    teamId,
    userId,
    channelId: p.channel.id,
    messageTs: p.message.ts,
    threadTs: p.message.thread_ts ?? null,
    triggerId: p.trigger_id,
    text: slackTextToPlain(p.message.text),
    authorId: p.message.user ?? null,
  };
}

/**
 * Slack markup → plain text: `<@U1|ana>` → "@ana", `<#C1|general>` → "#general",
 * `<https://x.io|docs>` → "docs (https://x.io)", `<!here>` → "@here", entities decoded.
 */
export function slackTextToPlain(text: string): string {
  const resolved = text.replace(/<([^<>]+)>/g, (_m, inner: string) => {
    const [target = "", label] = inner.split("|", 2);
    if (target.startsWith("@")) return `@${label ?? target.slice(1)}`;
    if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
    if (target.startsWith("!")) {
      const word = target.slice(1).split("^")[0] ?? "";
      return label ?? (word.startsWith("subteam") ? "@group" : `@${word}`);
    }
    return label && label !== target ? `${label} (${target})` : target;
  });
  return cleanText(resolved.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
}

/**
 * Story prefill from a message: the first line becomes the title; when the message says more
 * than the title holds, the whole text goes into "I want to …" for the PO to edit.
 */
export function storyPrefillFromMessage(text: string): { title: string; want: string } {
  const title = firstLine(text, STORY_LIMITS.title);
  const saysMore = text.trim() !== title;
  return { title, want: saysMore ? text.slice(0, STORY_LIMITS.want) : "" };
}
