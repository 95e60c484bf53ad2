/** conversations.* methods. */
import { conversationJson, messageJson } from "../render.js";
import { fail, type MethodTable, ok, paginate, str } from "./context.js";

export const conversationMethods: MethodTable = {
  "conversations.open": (args, { ws }) => {
    const channelArg = str(args, "channel");
    if (channelArg) {
      const target = ws.resolveConversation(channelArg, "read");
      if (!target.ok) return fail(target.error);
      return ok({ channel: { id: target.channel.id } });
    }
    const users = (str(args, "users") ?? "")
      .split(",")
      .map((u) => u.trim())
      .filter(Boolean);
    if (users.length === 0) return fail("users_list_not_supplied");
    for (const user of users) {
      const error = ws.dmTargetError(user, "user_not_found");
      if (error) return fail(error);
    }
    if (users.length === 1) {
      const user = users[0] ?? "";
      const already = ws.dmChannelFor(user) !== undefined;
      const dm = ws.openDm(user);
      return ok({ no_op: already, already_open: already, channel: { id: dm.id } });
    }
    const mpim = ws.addChannel({
      id: ws.ids.next("G"),
      name: `mpdm-${users.join("--")}-1`,
      isPrivate: true,
      members: users,
    });
    mpim.isMpim = true;
    return ok({ channel: { id: mpim.id } });
  },

  "conversations.info": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "read");
    if (!target.ok) return fail(target.error);
    return ok({ channel: conversationJson(ws, target.channel) });
  },

  "conversations.members": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "read");
    if (!target.ok) return fail(target.error);
    const { page, nextCursor } = paginate(ws.membersOf(target.channel), args, 100);
    return ok({ members: page, response_metadata: { next_cursor: nextCursor } });
  },

  "conversations.list": (args, { ws }) => {
    const types = (str(args, "types") ?? "public_channel").split(",").map((t) => t.trim());
    const excludeArchived = str(args, "exclude_archived") === "true";
    const all = [...ws.channels.values()].filter((c) => {
      if (excludeArchived && c.archived) return false;
      if (c.isIm) return types.includes("im");
      if (c.isMpim) return types.includes("mpim");
      if (c.isPrivate) return types.includes("private_channel") && c.botIsMember;
      return types.includes("public_channel");
    });
    const { page, nextCursor } = paginate(all, args, 100);
    return ok({
      channels: page.map((c) => conversationJson(ws, c)),
      response_metadata: { next_cursor: nextCursor },
    });
  },

  "conversations.join": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "read");
    if (!target.ok) return fail(target.error);
    const c = target.channel;
    if (c.isIm || c.isPrivate) return fail("method_not_supported_for_channel_type");
    if (c.archived) return fail("is_archived");
    const already = c.botIsMember;
    c.botIsMember = true;
    return ok({ channel: conversationJson(ws, c), ...(already ? { warning: "already_in_channel" } : {}) });
  },

  "conversations.history": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "read");
    if (!target.ok) return fail(target.error);
    if (!target.channel.botIsMember) return fail("not_in_channel");
    const newestFirst = [...ws.messagesIn(target.channel.id)].reverse();
    const { page, nextCursor } = paginate(newestFirst, args, 100);
    return ok({
      messages: page.map((m) => messageJson(ws, m)),
      has_more: nextCursor !== "",
      response_metadata: { next_cursor: nextCursor },
    });
  },
};
