/** The playground server's JSON API (src/playground/http.ts) and the state it returns. */
import type { BlockAction, StateValues } from "../blockkit/index.js";

export interface Person {
  id: string;
  handle: string;
  realName: string;
  title: string;
  tz: string;
  role: string | null;
  isAdmin: boolean;
}

export interface Conversation {
  id: string;
  name: string;
  kind: "channel" | "dm";
  topic: string;
}

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

export interface Ephemeral {
  id: string;
  channel: string;
  user: string;
  text: string;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
  at: number;
}

export interface View {
  id: string;
  type: string;
  blocks: unknown[];
  [key: string]: unknown;
}

export interface PlaygroundError {
  id: number;
  at: number;
  user: string | undefined;
  title: string;
  details: string[];
}

export interface PageState {
  version: number;
  team: { id: string; name: string };
  bot: { id: string; name: string };
  me: string;
  now: string;
  people: Person[];
  users: Record<string, string>;
  channelNames: Record<string, string>;
  conversations: Conversation[];
  messages: Record<string, PageMessage[]>;
  ephemerals: Ephemeral[];
  modals: View[];
  home: View | null;
  errors: PlaygroundError[];
}

export type Surface =
  | { kind: "message"; channel: string; ts: string }
  | { kind: "ephemeral"; id: string }
  | { kind: "view"; viewId: string };

async function post<T = unknown>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `The playground answered HTTP ${res.status}.`);
  return json;
}

export const api = {
  state: async (user: string): Promise<PageState> => {
    const res = await fetch(`/api/state?user=${encodeURIComponent(user)}`);
    if (!res.ok) throw new Error(`The playground answered HTTP ${res.status}.`);
    return (await res.json()) as PageState;
  },
  send: (user: string, channel: string, text: string, threadTs?: string) =>
    post("/api/send", { user, channel, text, ...(threadTs ? { threadTs } : {}) }),
  action: (user: string, surface: Surface, action: BlockAction, values?: StateValues) =>
    post("/api/action", { user, surface, action, ...(values ? { values } : {}) }),
  submit: (user: string, viewId: string, values: StateValues) =>
    post<{ errors?: Record<string, string> }>("/api/submit", { user, viewId, values }),
  close: (user: string, viewId: string) => post("/api/close", { user, viewId }),
  home: (user: string) => post("/api/home", { user }),
  shortcut: (user: string, channel: string, ts: string) => post("/api/shortcut", { user, channel, ts }),
  clock: (jump: "hour" | "day" | "berlin-nine" | "monday-nine") =>
    post<{ now: string }>("/api/clock", { jump }),
  reset: () => post("/api/reset", {}),
};
