/** Slack-shaped JSON for the fake's stored objects (what the Web API returns). */
import type { Workspace } from "./state.js";
import type { FakeChannel, FakeFile, FakeUser, StoredMessage } from "./types.js";
import { tzFields } from "./tz.js";

export function messageJson(ws: Workspace, m: StoredMessage): Record<string, unknown> {
  const { config } = ws;
  return {
    type: "message",
    text: m.text,
    user: m.user,
    ts: m.ts,
    team: config.teamId,
    ...(m.botId
      ? {
          bot_id: m.botId,
          app_id: config.appId,
          bot_profile: { id: m.botId, app_id: config.appId, name: config.botName, team_id: config.teamId },
        }
      : {}),
    ...(m.username ? { username: m.username } : {}),
    ...(m.iconUrl ? { icons: { image_72: m.iconUrl } } : {}),
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.metadata ? { metadata: m.metadata } : {}),
    ...(m.files ? { files: m.files.map((id) => ({ id })) } : {}),
    ...(m.edited ? { edited: m.edited } : {}),
    ...(m.reactions.length
      ? { reactions: m.reactions.map((r) => ({ name: r.name, users: r.users, count: r.users.length })) }
      : {}),
  };
}

export function userJson(ws: Workspace, u: FakeUser): Record<string, unknown> {
  return {
    id: u.id,
    team_id: u.teamId ?? ws.config.teamId,
    name: u.name,
    deleted: u.deleted,
    real_name: u.realName,
    ...tzFields(u.tz, ws.now()),
    is_admin: u.isAdmin,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.isBot,
    is_app_user: false,
    updated: Math.floor(ws.now() / 1000),
    profile: {
      real_name: u.realName,
      display_name: u.name,
      ...(u.email ? { email: u.email } : {}),
      ...(u.avatarUrl ? { image_48: u.avatarUrl, image_72: u.avatarUrl, image_192: u.avatarUrl } : {}),
      ...(u.isBot && u.id === ws.config.botUserId ? { bot_id: ws.config.botId } : {}),
      team: ws.config.teamId,
    },
  };
}

export function conversationJson(ws: Workspace, c: FakeChannel): Record<string, unknown> {
  if (c.isIm) {
    return {
      id: c.id,
      created: c.created,
      is_im: true,
      is_org_shared: false,
      user: c.user,
      is_user_deleted: c.user ? (ws.users.get(c.user)?.deleted ?? false) : false,
    };
  }
  return {
    id: c.id,
    name: c.name,
    name_normalized: c.name,
    created: c.created,
    is_channel: !c.isPrivate,
    is_group: c.isPrivate && !c.isMpim,
    is_im: false,
    is_mpim: c.isMpim,
    is_private: c.isPrivate,
    is_archived: c.archived,
    is_general: false,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: c.botIsMember,
    num_members: ws.membersOf(c).length,
    topic: { value: "", creator: "", last_set: 0 },
    purpose: { value: "", creator: "", last_set: 0 },
  };
}

const MIME: Record<string, string> = {
  txt: "text/plain",
  csv: "text/csv",
  md: "text/markdown",
  json: "application/json",
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
};

export function fileJson(ws: Workspace, f: FakeFile, baseUrl: string): Record<string, unknown> {
  const ext = f.filename.includes(".") ? (f.filename.split(".").pop() ?? "").toLowerCase() : "";
  return {
    id: f.id,
    created: f.created,
    timestamp: f.created,
    name: f.filename,
    title: f.title ?? f.filename,
    mimetype: MIME[ext] ?? "application/octet-stream",
    filetype: ext || "binary",
    user: ws.config.botUserId,
    size: f.bytes?.length ?? f.length,
    is_external: false,
    is_public: false,
    url_private: `${baseUrl}files/${f.id}/${encodeURIComponent(f.filename)}`,
    permalink: `https://${ws.config.teamDomain}.slack.com/files/${ws.config.botUserId}/${f.id}/${f.filename}`,
    channels: f.channels.filter((c) => c.startsWith("C")),
    groups: f.channels.filter((c) => c.startsWith("G")),
    ims: f.channels.filter((c) => c.startsWith("D")),
    ...(f.altText ? { alt_txt: f.altText } : {}),
  };
}
