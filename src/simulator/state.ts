import { randomBytes } from "node:crypto";
import { IdFactory, MessageTsClock } from "./ids.js";
import type {
  AddChannelInput,
  AddUserInput,
  EphemeralMessage,
  FakeChannel,
  FakeFile,
  FakeUser,
  ScheduledMessage,
  StoredMessage,
  StoredView,
} from "./types.js";
import { tzFields } from "./tz.js";

export interface WorkspaceConfig {
  teamId: string;
  teamName: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  botName: string;
  appId: string;
  strictChannels: boolean;
  triggerTtlMs: number;
}

export type Resolution = { ok: true; channel: FakeChannel } | { ok: false; error: string };

/** Slackbot: listed by users.list (apps must filter it) but never a DM target for a bot. */
export const SLACKBOT = "USLACKBOT";

const CHANNEL_ID = /^[CDG][A-Z0-9]+$/;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Everything the fake workspace knows. Handlers read and mutate it; tests inspect it. */
export class Workspace {
  readonly users = new Map<string, FakeUser>();
  /** Bot scopes the install lacks (`FakeSlack.withoutScope`): calls that need them answer `missing_scope`. */
  readonly missingScopes = new Set<string>();
  readonly channels = new Map<string, FakeChannel>();
  /** Non-deleted messages per conversation id, oldest first. */
  readonly messages = new Map<string, StoredMessage[]>();
  readonly ephemerals: EphemeralMessage[] = [];
  readonly scheduled: ScheduledMessage[] = [];
  readonly views = new Map<string, StoredView>();
  /** Home tab view id per user. */
  readonly homeViews = new Map<string, string>();
  readonly files = new Map<string, FakeFile>();
  readonly responseUrls = new Map<string, { mintedAt: number; uses: number }>();
  readonly ids = new IdFactory();
  readonly ts: MessageTsClock;
  /** OAuth: the workspace the current (synchronous) call acts in; what it creates belongs there. */
  actingTeam: string | undefined;
  private readonly dmByUser = new Map<string, string>();
  private readonly triggers = new Map<string, { mintedAt: number; used: boolean; viewId?: string }>();
  /** View stacks (root first) keyed by root view id, for views.push's limit of 3. */
  private readonly stacks = new Map<string, string[]>();

  constructor(
    readonly config: WorkspaceConfig,
    readonly now: () => number,
  ) {
    this.ts = new MessageTsClock(now);
    this.addUser({ id: SLACKBOT, name: "slackbot", realName: "Slackbot" });
    this.addUser({ id: config.botUserId, name: config.botName, realName: config.botName, is_bot: true });
  }

  addUser(input: AddUserInput): FakeUser {
    const tz = input.tz ?? "UTC";
    tzFields(tz, this.now()); // throws on an unknown zone
    const user: FakeUser = {
      id: input.id,
      name: input.name ?? input.id.toLowerCase(),
      realName: input.realName ?? input.name ?? input.id,
      email: input.email,
      tz,
      deleted: input.deleted ?? false,
      isBot: input.is_bot ?? false,
      isAdmin: input.is_admin ?? false,
      teamId: input.teamId,
      avatarUrl:
        input.avatarUrl === undefined
          ? `https://avatars.fake-slack.test/${input.id}_72.png`
          : input.avatarUrl,
    };
    this.users.set(user.id, user);
    return user;
  }

  addChannel(input: AddChannelInput): FakeChannel {
    const channel: FakeChannel = {
      id: input.id,
      name: input.name,
      botIsMember: input.botIsMember ?? true,
      archived: input.archived ?? false,
      isPrivate: input.isPrivate ?? input.id.startsWith("G"),
      isIm: false,
      isMpim: false,
      members: input.members,
      user: undefined,
      created: Math.floor(this.now() / 1000),
      ...(input.teamIds ? { teamIds: input.teamIds } : {}),
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The IM channel with `userId`, created on first use (ids are stable per user). */
  openDm(userId: string): FakeChannel {
    const existing = this.channels.get(this.dmByUser.get(userId) ?? "");
    if (existing) return existing;
    const channel: FakeChannel = {
      id: this.ids.next("D"),
      name: userId,
      botIsMember: true,
      archived: false,
      isPrivate: true,
      isIm: true,
      isMpim: false,
      members: [userId],
      user: userId,
      created: Math.floor(this.now() / 1000),
    };
    this.channels.set(channel.id, channel);
    this.dmByUser.set(userId, channel.id);
    return channel;
  }

  /** The IM channel id with `userId` if one was opened (by conversations.open or a post to the user). */
  dmChannelFor(userId: string): string | undefined {
    return this.dmByUser.get(userId);
  }

  /** Human members plus the bot when it is in the conversation. */
  membersOf(channel: FakeChannel): string[] {
    const humans =
      channel.members ??
      [...this.users.values()]
        .filter((u) => !u.deleted && u.id !== SLACKBOT && u.id !== this.config.botUserId)
        .map((u) => u.id);
    return channel.botIsMember ? [...humans, this.config.botUserId] : [...humans];
  }

  /**
   * Why the bot may not DM `userId`, or undefined when it may.
   * @param unknownError what to answer for an unregistered user in strict mode.
   */
  dmTargetError(userId: string, unknownError: string): string | undefined {
    const user = this.users.get(userId);
    if (!user) return this.config.strictChannels ? unknownError : undefined;
    if (user.deleted) return "user_disabled";
    if (user.isBot || user.id === SLACKBOT) return "cannot_dm_bot";
    return undefined;
  }

  /**
   * Resolves a `channel` argument (C/G/D id, U/W user id meaning "their DM", or `#name`) the way the
   * Web API does. `write` adds the checks for posting: archived, bot not a member, DM target disabled.
   */
  resolveConversation(ref: unknown, mode: "read" | "write"): Resolution {
    if (typeof ref !== "string" || ref === "") return { ok: false, error: "channel_not_found" };
    if (/^[UW][A-Z0-9]+$/.test(ref)) {
      const error = this.dmTargetError(ref, "channel_not_found");
      return error ? { ok: false, error } : { ok: true, channel: this.openDm(ref) };
    }
    let channel = this.channels.get(ref);
    if (!channel) {
      const name = ref.replace(/^#/, "");
      channel = [...this.channels.values()].find((c) => !c.isIm && c.name === name);
    }
    if (!channel && !this.config.strictChannels && CHANNEL_ID.test(ref) && !ref.startsWith("G")) {
      channel = ref.startsWith("D")
        ? this.autoDm(ref)
        : this.addChannel({
            id: ref,
            name: ref.toLowerCase(),
            ...(this.actingTeam ? { teamIds: [this.actingTeam] } : {}),
          });
    }
    if (!channel) return { ok: false, error: "channel_not_found" };
    if (channel.isPrivate && !channel.isIm && !channel.botIsMember)
      return { ok: false, error: "channel_not_found" };
    if (mode === "write") {
      if (channel.isIm && channel.user) {
        const error = this.dmTargetError(channel.user, "channel_not_found");
        if (error) return { ok: false, error };
      }
      if (channel.archived) return { ok: false, error: "is_archived" };
      if (!channel.botIsMember) return { ok: false, error: "not_in_channel" };
    }
    return { ok: true, channel };
  }

  private autoDm(id: string): FakeChannel {
    const channel: FakeChannel = {
      id,
      name: id,
      botIsMember: true,
      archived: false,
      isPrivate: true,
      isIm: true,
      isMpim: false,
      members: [],
      user: undefined,
      created: Math.floor(this.now() / 1000),
    };
    this.channels.set(id, channel);
    return channel;
  }

  messagesIn(channelId: string): StoredMessage[] {
    let list = this.messages.get(channelId);
    if (!list) {
      list = [];
      this.messages.set(channelId, list);
    }
    return list;
  }

  findMessage(channelId: string, ts: unknown): StoredMessage | undefined {
    return this.messages.get(channelId)?.find((m) => m.ts === ts);
  }

  /** Stores a message with a fresh ts; `user` defaults to the bot (an app post). */
  storeMessage(
    channelId: string,
    fields: Partial<Omit<StoredMessage, "channel" | "ts" | "reactions">> & { ts?: string },
  ): StoredMessage {
    const isBot = fields.user === undefined || fields.user === this.config.botUserId;
    const message: StoredMessage = {
      channel: channelId,
      ts: fields.ts ?? this.ts.next(),
      text: fields.text ?? "",
      blocks: fields.blocks === undefined ? undefined : this.normalizeBlocks(fields.blocks),
      attachments: fields.attachments,
      threadTs: fields.threadTs,
      user: fields.user ?? this.config.botUserId,
      ...(fields.username ? { username: fields.username } : {}),
      ...(fields.iconUrl ? { iconUrl: fields.iconUrl } : {}),
      botId: isBot ? this.config.botId : undefined,
      metadata: fields.metadata,
      files: fields.files,
      edited: undefined,
      reactions: [],
    };
    const list = this.messagesIn(channelId);
    list.push(message);
    list.sort((a, b) => Number(a.ts) - Number(b.ts));
    return message;
  }

  /**
   * Copies blocks giving each a `block_id` and each interactive element an `action_id` when missing, as
   * Slack does in what it returns (and in `state.values`).
   */
  normalizeBlocks(blocks: unknown[]): unknown[] {
    return blocks.map((b) => {
      if (!isObj(b)) return b;
      const block: Json = structuredClone(b);
      if (block.block_id === undefined) block.block_id = this.ids.next("blk").toLowerCase();
      const withActionId = (el: unknown) => {
        if (isObj(el) && typeof el.type === "string" && el.type !== "image" && el.action_id === undefined) {
          el.action_id = this.ids.next("act").toLowerCase();
        }
      };
      if (block.type === "actions" && Array.isArray(block.elements)) block.elements.forEach(withActionId);
      if (block.type === "section") withActionId(block.accessory);
      if (block.type === "input") withActionId(block.element);
      return block;
    });
  }

  mintTriggerId(viewId?: string): string {
    const n = this.triggers.size + 1;
    const id = `${1000 + n}.${this.config.teamId.replace(/\D/g, "") || "1"}.${randomBytes(16).toString("hex")}`;
    this.triggers.set(id, { mintedAt: this.now(), used: false, ...(viewId ? { viewId } : {}) });
    return id;
  }

  /** Checks a trigger id without using it up (a refused call must not burn it). */
  checkTrigger(id: unknown): { ok: true; viewId: string | undefined } | { ok: false; error: string } {
    if (typeof id !== "string" || id === "") return { ok: false, error: "invalid_arguments" };
    const trigger = this.triggers.get(id);
    if (!trigger || trigger.used || this.now() - trigger.mintedAt > this.config.triggerTtlMs) {
      return { ok: false, error: "expired_trigger_id" };
    }
    return { ok: true, viewId: trigger.viewId };
  }

  consumeTrigger(id: string): void {
    const trigger = this.triggers.get(id);
    if (trigger) trigger.used = true;
  }

  /** Slack-style view hash: changes on every store, compared by views.update/publish `hash`. */
  private newHash(): string {
    return `${Math.floor(this.now() / 1000)}.${this.ids.next("h").slice(1).toLowerCase()}`;
  }

  /**
   * Stores `view` as Slack would return it. `replace` keeps the id and stack position of an existing
   * view (views.update / views.publish); `parentId` pushes onto that view's stack.
   */
  storeView(view: Json, where: { replace?: StoredView; parentId?: string } = {}): StoredView {
    const { replace, parentId } = where;
    const id = replace?.id ?? this.ids.next("V");
    const parent = parentId ? this.views.get(parentId) : undefined;
    const rootId = replace?.root_view_id ?? parent?.root_view_id ?? id;
    const stored: StoredView = {
      ...view,
      id,
      team_id: replace?.team_id ?? this.actingTeam ?? this.config.teamId,
      type: String(view.type),
      blocks: this.normalizeBlocks(Array.isArray(view.blocks) ? view.blocks : []),
      callback_id: typeof view.callback_id === "string" ? view.callback_id : "",
      private_metadata: typeof view.private_metadata === "string" ? view.private_metadata : "",
      external_id: typeof view.external_id === "string" ? view.external_id : (replace?.external_id ?? ""),
      state: { values: {} },
      hash: this.newHash(),
      clear_on_close: view.clear_on_close === true,
      notify_on_close: view.notify_on_close === true,
      close: view.close ?? null,
      submit: view.submit ?? null,
      root_view_id: rootId,
      previous_view_id: replace ? replace.previous_view_id : parent ? parent.id : null,
      app_id: this.config.appId,
      app_installed_team_id: replace?.app_installed_team_id ?? this.actingTeam ?? this.config.teamId,
      bot_id: this.config.botId,
    };
    this.views.set(id, stored);
    if (!replace) {
      const stack = this.stacks.get(rootId) ?? [];
      stack.push(id);
      this.stacks.set(rootId, stack);
    }
    return stored;
  }

  stackDepth(viewId: string): number {
    const root = this.views.get(viewId)?.root_view_id;
    return root ? (this.stacks.get(root)?.length ?? 0) : 0;
  }

  findView(args: { view_id?: unknown; external_id?: unknown }): StoredView | undefined {
    if (typeof args.view_id === "string") return this.views.get(args.view_id);
    if (typeof args.external_id === "string" && args.external_id !== "") {
      return [...this.views.values()].find((v) => v.external_id === args.external_id);
    }
    return undefined;
  }
}
