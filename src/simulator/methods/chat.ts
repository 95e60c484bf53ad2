/** chat.* methods. */
import { messageJson } from "../render.js";
import type { Workspace } from "../state.js";
import type { Args, StoredMessage } from "../types.js";
import { checkMessageContent, fail, type MethodTable, num, ok, str } from "./context.js";

const MAX_SCHEDULE_AHEAD_S = 120 * 24 * 3600;
const SCHEDULE_BURST = { count: 30, windowMs: 5 * 60_000 };

/** The content fields of a message argument list, as stored. */
function content(args: Args): Pick<StoredMessage, "text" | "blocks" | "attachments" | "metadata"> {
  return {
    text: str(args, "text") ?? "",
    blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
    attachments: Array.isArray(args.attachments) ? args.attachments : undefined,
    metadata: args.metadata,
  };
}

function permalink(ws: Workspace, channel: string, ts: string, threadTs?: string): string {
  const base = `https://${ws.config.teamDomain}.slack.com/archives/${channel}/p${ts.replace(".", "")}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
}

export const chatMethods: MethodTable = {
  "chat.postMessage": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "write");
    if (!target.ok) return fail(target.error);
    const bad = checkMessageContent(args);
    if (bad) return bad;
    // Posting under another name or avatar needs chat:write.customize (Slack: missing_scope).
    const username = str(args, "username");
    const iconUrl = str(args, "icon_url");
    if ((username || iconUrl) && ws.missingScopes.has("chat:write.customize")) {
      return { ok: false, error: "missing_scope", needed: "chat:write.customize", provided: "chat:write" };
    }
    const message = ws.storeMessage(target.channel.id, {
      ...content(args),
      threadTs: str(args, "thread_ts"),
      ...(username ? { username } : {}),
      ...(iconUrl ? { iconUrl } : {}),
    });
    return ok({ channel: target.channel.id, ts: message.ts, message: messageJson(ws, message) });
  },

  "chat.postEphemeral": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "write");
    if (!target.ok) return fail(target.error);
    const user = str(args, "user");
    if (!user) return fail("user_not_found");
    const known = ws.users.get(user);
    if ((!known && ws.config.strictChannels) || known?.deleted) return fail("user_not_found");
    // Unregistered users in lenient mode count as members: less setup for tests that don't care.
    const checkMembership = known !== undefined && !(target.channel.isIm && !target.channel.user);
    if (checkMembership && !ws.membersOf(target.channel).includes(user)) return fail("user_not_in_channel");
    const bad = checkMessageContent(args);
    if (bad) return bad;
    const messageTs = ws.ts.next();
    ws.ephemerals.push({
      channel: target.channel.id,
      user,
      messageTs,
      text: str(args, "text") ?? "",
      blocks: Array.isArray(args.blocks) ? ws.normalizeBlocks(args.blocks) : undefined,
      threadTs: str(args, "thread_ts"),
    });
    return ok({ message_ts: messageTs });
  },

  "chat.update": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "write");
    if (!target.ok) return fail(target.error);
    const message = ws.findMessage(target.channel.id, str(args, "ts"));
    if (!message) return fail("message_not_found");
    if (message.user !== ws.config.botUserId) return fail("cant_update_message");
    const bad = checkMessageContent(args);
    if (bad) return bad;
    const next = content(args);
    message.text = next.text;
    if (args.blocks !== undefined) message.blocks = ws.normalizeBlocks(next.blocks ?? []);
    if (args.attachments !== undefined) message.attachments = next.attachments;
    if (args.metadata !== undefined) message.metadata = next.metadata;
    message.edited = { user: ws.config.botUserId, ts: ws.ts.next() };
    return ok({
      channel: target.channel.id,
      ts: message.ts,
      text: message.text,
      message: messageJson(ws, message),
    });
  },

  "chat.delete": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "read");
    if (!target.ok) return fail(target.error);
    const list = ws.messagesIn(target.channel.id);
    const index = list.findIndex((m) => m.ts === str(args, "ts"));
    const message = list[index];
    if (!message) return fail("message_not_found");
    if (message.user !== ws.config.botUserId) return fail("cant_delete_message");
    list.splice(index, 1);
    return ok({ channel: target.channel.id, ts: message.ts });
  },

  "chat.getPermalink": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "read");
    if (!target.ok) return fail(target.error);
    const ts = str(args, "message_ts");
    if (!ts) return fail("message_not_found");
    const message = ws.findMessage(target.channel.id, ts);
    // Lenient mode links messages the test never seeded (e.g. from a message shortcut payload).
    if (!message && ws.config.strictChannels) return fail("message_not_found");
    return ok({
      channel: target.channel.id,
      permalink: permalink(ws, target.channel.id, ts, message?.threadTs),
    });
  },

  "chat.scheduleMessage": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "write");
    if (!target.ok) return fail(target.error);
    const postAt = num(args, "post_at");
    if (postAt === undefined) return fail("invalid_time");
    const nowS = ws.now() / 1000;
    if (postAt <= nowS) return fail("time_in_past");
    if (postAt > nowS + MAX_SCHEDULE_AHEAD_S) return fail("time_too_far");
    const recent = ws.scheduled.filter(
      (s) => s.channel === target.channel.id && s.createdAt > ws.now() - SCHEDULE_BURST.windowMs,
    );
    if (recent.length >= SCHEDULE_BURST.count) return fail("restricted_too_many");
    const bad = checkMessageContent(args);
    if (bad) return bad;
    const c = content(args);
    const scheduled = {
      id: ws.ids.next("Q"),
      channel: target.channel.id,
      postAt: Math.floor(postAt),
      createdAt: ws.now(),
      text: c.text,
      blocks: c.blocks ? ws.normalizeBlocks(c.blocks) : undefined,
      threadTs: str(args, "thread_ts"),
    };
    ws.scheduled.push(scheduled);
    return ok({
      channel: scheduled.channel,
      scheduled_message_id: scheduled.id,
      post_at: scheduled.postAt,
      message: {
        type: "message",
        text: scheduled.text,
        user: ws.config.botUserId,
        bot_id: ws.config.botId,
        ...(scheduled.blocks ? { blocks: scheduled.blocks } : {}),
      },
    });
  },

  "chat.deleteScheduledMessage": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "read");
    if (!target.ok) return fail(target.error);
    const index = ws.scheduled.findIndex(
      (s) => s.id === str(args, "scheduled_message_id") && s.channel === target.channel.id,
    );
    if (index < 0) return fail("invalid_scheduled_message_id");
    ws.scheduled.splice(index, 1);
    return ok();
  },

  "chat.scheduledMessages.list": (args, { ws }) => {
    const channel = str(args, "channel");
    const list = ws.scheduled
      .filter((s) => !channel || s.channel === channel)
      .map((s) => ({
        id: s.id,
        channel_id: s.channel,
        post_at: s.postAt,
        date_created: Math.floor(s.createdAt / 1000),
        text: s.text,
      }));
    return ok({ scheduled_messages: list, response_metadata: { next_cursor: "" } });
  },
};
