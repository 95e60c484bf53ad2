/**
 * The JSON the page renders for one person: their channels and DM with messages, their ephemeral
 * messages, their modal stack and Home tab, the people (for mentions and the switcher), the clock,
 * and recent errors. Shapes are Slack's (blocks, views) so the page renders what Slack would.
 */

import { CHANNELS, PEOPLE, PLAYGROUND_TEAM } from "./people.js";
import type { PlaygroundSession } from "./session.js";

export interface PageMessage {
  ts: string;
  user: string;
  isBot: boolean;
  /** The name the app posted under (`username`, e.g. a standup answer shown as its author). */
  username?: string;
  text: string;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
  edited: boolean;
  files: { id: string; name: string; title: string; url: string }[];
}

export function pageState(session: PlaygroundSession, user: string, now: Date) {
  const { sim, surfaces } = session;
  const ws = sim.workspace;
  const dm = session.dmChannel(user);
  const conversations = [
    ...CHANNELS.map((c) => ({ id: c.id, name: c.name, kind: "channel" as const, topic: c.topic })),
    { id: dm, name: ws.config.botName, kind: "dm" as const, topic: "Your direct messages with the app" },
  ];
  const messages: Record<string, PageMessage[]> = {};
  for (const c of conversations) {
    messages[c.id] = sim.messagesIn(c.id).map((m) => ({
      ts: m.ts,
      user: m.user,
      isBot: m.botId !== undefined,
      ...(m.username ? { username: m.username } : {}),
      text: m.text,
      blocks: m.blocks,
      threadTs: m.threadTs,
      edited: m.edited !== undefined,
      files: (m.files ?? []).flatMap((id) => {
        const f = sim.file(id);
        return f ? [{ id, name: f.filename, title: f.title ?? f.filename, url: `/api/files/${id}` }] : [];
      }),
    }));
  }
  const modalStack = (surfaces.modals.get(user) ?? []).flatMap((id) => {
    const v = sim.view(id);
    return v ? [v] : [];
  });
  const users: Record<string, string> = {};
  for (const u of ws.users.values()) users[u.id] = u.realName || u.name;
  const channelNames: Record<string, string> = {};
  for (const c of ws.channels.values()) if (!c.isIm) channelNames[c.id] = c.name;
  return {
    team: { id: PLAYGROUND_TEAM.id, name: PLAYGROUND_TEAM.name },
    bot: { id: sim.botUserId, name: ws.config.botName },
    me: user,
    now: now.toISOString(),
    people: PEOPLE.map((p) => ({ ...p })),
    users,
    channelNames,
    conversations,
    messages,
    ephemerals: surfaces.ephemerals.filter((e) => e.user === user),
    modals: modalStack,
    home: sim.homeView(user) ?? null,
    errors: surfaces.errors.filter((e) => e.user === undefined || e.user === user),
  };
}

export type PageState = ReturnType<typeof pageState>;
