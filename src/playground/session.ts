/**
 * One running playground: the Slack simulator, the real app (HTTP mode, its own SQLite file) pointed at
 * it, and the interactions the page sends, turned into requests signed exactly as Slack signs them.
 */
import { randomBytes } from "node:crypto";
import { createScrumbot, type Scrumbot } from "../app.js";
import { loadConfig } from "../config.js";
import { type DatabaseHandle, openDatabase } from "../db/connection.js";
import { migrateToLatest } from "../db/migrate.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import { FakeSlack } from "../simulator/index.js";
import {
  createSlackRequester,
  type SlackHttpResult,
  type SlackRequester,
} from "../simulator/slack-requests.js";
import { commandCatalog } from "../slack/catalog.js";
import { ShortcutIds } from "../slack/ids.js";
import { CHANNELS, PEOPLE, PLAYGROUND_TEAM } from "./people.js";
import { type Source, Surfaces } from "./surfaces.js";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** What the page's blocks report for a click or a pick (the renderer's `BlockAction`). */
export type PageAction = { action_id: string; block_id: string; type: string } & Json;

/** Where the click happened. */
export type PageSurface =
  | { kind: "message"; channel: string; ts: string }
  | { kind: "ephemeral"; id: string }
  | { kind: "view"; viewId: string };

export type StateValues = Record<string, Record<string, Json>>;

export class PlaygroundSession {
  readonly surfaces: Surfaces;
  /** Set once the app listens (its port is random). */
  private slack: SlackRequester | undefined;

  private constructor(
    readonly sim: FakeSlack,
    readonly bot: Scrumbot,
    private readonly database: DatabaseHandle,
    private readonly signingSecret: string,
  ) {
    this.surfaces = new Surfaces(sim);
  }

  private get requester(): SlackRequester {
    if (!this.slack) throw new Error("The app is still starting: try again in a moment.");
    return this.slack;
  }

  /**
   * Starts the simulator and the app. `beforeStart` runs once the app is built and before its scheduler
   * starts (the demo data is seeded there, so catch-up sees the finished schedule).
   */
  static async start(opts: {
    databasePath: string;
    clock: Clock;
    logger: Logger;
    logLevel: string;
    beforeStart?: (session: PlaygroundSession) => Promise<void>;
  }): Promise<PlaygroundSession> {
    const { clock, logger } = opts;
    const sim = await FakeSlack.start({
      teamId: PLAYGROUND_TEAM.id,
      teamName: PLAYGROUND_TEAM.name,
      teamDomain: PLAYGROUND_TEAM.domain,
      strictChannels: true,
      now: () => clock.now().getTime(),
      // A person reads a modal before they submit it; Slack's 3 s apply only to the app's views.open.
      triggerTtlMs: 3000,
    });
    for (const p of PEOPLE) {
      sim.addUser({ id: p.id, name: p.handle, realName: p.realName, tz: p.tz, is_admin: p.isAdmin });
      sim.workspace.openDm(p.id);
    }
    for (const c of CHANNELS) sim.addChannel({ id: c.id, name: c.name });

    const signingSecret = randomBytes(16).toString("hex");
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-playground",
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: sim.apiUrl,
      PORT: "0",
      DATABASE_URL: opts.databasePath,
      LOG_LEVEL: opts.logLevel,
    });
    const database = openDatabase(config.databaseUrl);
    await migrateToLatest(database.db);
    const bot = await createScrumbot({ config, database, clock, logger, retryConfig: { retries: 0 } });
    const session = new PlaygroundSession(sim, bot, database, signingSecret);
    await opts.beforeStart?.(session);
    const { port } = await bot.start();
    session.slack = createSlackRequester({
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: session.signingSecret,
      fake: sim,
      teamId: PLAYGROUND_TEAM.id,
      teamDomain: PLAYGROUND_TEAM.domain,
    });
    return session;
  }

  async stop(): Promise<void> {
    await this.bot.stop(2000);
    await this.database.close();
    await this.sim.stop();
  }

  dmChannel(user: string): string {
    return this.sim.workspace.openDm(user).id;
  }

  /** Syncs the surfaces; true when the page should refresh. */
  sync(): boolean {
    return this.surfaces.sync();
  }

  // ---- what a person does -----------------------------------------------------------------------

  /** A line typed in the composer: a slash command, or a plain message. */
  async send(user: string, channel: string, text: string, threadTs?: string): Promise<void> {
    const trimmed = text.trim();
    if (trimmed === "") return;
    const command = /^(\/[a-z_-]+)(?:\s+([\s\S]*))?$/i.exec(trimmed);
    if (!command) {
      this.sim.addMessage(channel, { text: trimmed, user, ...(threadTs ? { threadTs } : {}) });
      return;
    }
    const name = command[1]!.toLowerCase();
    const spec = commandCatalog.find((c) => c.command === name);
    if (!spec) {
      this.surfaces.addEphemeral({
        channel,
        user,
        text: `${name} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands. Try /scrum help.`,
        blocks: undefined,
        threadTs,
      });
      return;
    }
    const args = spec.escapeMentions ? this.escapeMentions(command[2] ?? "") : (command[2] ?? "");
    const res = await this.requester.command(name, args, {
      userId: user,
      channelId: channel,
      triggerId: this.surfaces.trigger(user),
      responseUrl: this.surfaces.responseUrl({ user, channel, source: { kind: "none" } }),
    });
    this.showAck(res, user, channel, `${name} failed`);
  }

  /** A button click or a pick in a message, an ephemeral message, a modal or the Home tab. */
  async action(user: string, surface: PageSurface, action: PageAction, values?: StateValues): Promise<void> {
    if (surface.kind === "view") {
      const view = this.sim.view(surface.viewId);
      if (!view) throw new Error("That view is gone: reload the page.");
      const res = await this.requester.blockAction({
        userId: user,
        actions: [action],
        view: { ...view, state: { values: values ?? {} } },
        triggerId: this.surfaces.trigger(user, view.type === "modal" ? view.id : undefined),
      });
      this.showAck(res, user, undefined, "That didn't work");
      return;
    }
    let channel: string;
    let message: Json | undefined;
    let source: Source;
    if (surface.kind === "message") {
      const stored = this.sim.workspace.findMessage(surface.channel, surface.ts);
      if (!stored) throw new Error("That message is gone: reload the page.");
      channel = surface.channel;
      source = surface;
      message = {
        ts: stored.ts,
        text: stored.text,
        blocks: stored.blocks,
        user: stored.user,
        ...(stored.botId ? { bot_id: stored.botId } : {}),
        ...(stored.threadTs ? { thread_ts: stored.threadTs } : {}),
      };
    } else {
      const e = this.surfaces.ephemerals.find((x) => x.id === surface.id);
      if (!e) throw new Error("That message is gone: reload the page.");
      channel = e.channel;
      source = surface;
    }
    const res = await this.requester.blockAction({
      userId: user,
      actions: [action],
      channelId: channel,
      ...(message ? { message } : {}),
      ...(values ? { values: values as never } : {}),
      triggerId: this.surfaces.trigger(user),
      responseUrl: this.surfaces.responseUrl({ user, channel, source }),
    });
    this.showAck(res, user, channel, "That didn't work");
  }

  /** Submits the modal on top of `user`'s stack; returns field errors when the app answered with them. */
  async submit(
    user: string,
    viewId: string,
    values: StateValues,
  ): Promise<{ errors?: Record<string, string> }> {
    const view = this.sim.view(viewId);
    if (!view) throw new Error("That form is gone: reload the page.");
    const res = await this.requester.viewSubmission({
      userId: user,
      view,
      values: values as never,
      triggerId: this.surfaces.trigger(user, viewId),
    });
    if (res.status !== 200) {
      this.surfaces.addError(user, `The app didn't accept the form (HTTP ${res.status}). Try again.`);
      return {};
    }
    const body = isObj(res.json) ? res.json : {};
    switch (body.response_action) {
      case "errors":
        return { errors: isObj(body.errors) ? (body.errors as Record<string, string>) : {} };
      case "update":
        if (isObj(body.view)) this.sim.workspace.storeView(body.view, { replace: view });
        return {};
      case "push":
        if (isObj(body.view))
          this.surfaces.pushModal(user, this.sim.workspace.storeView(body.view, { parentId: viewId }).id);
        return {};
      case "clear":
        this.surfaces.modals.delete(user);
        return {};
      default:
        this.surfaces.popModal(user, viewId);
        return {};
    }
  }

  /** The modal's close button: back to the previous view (Slack tells the app when it asked to know). */
  async close(user: string, viewId: string): Promise<void> {
    const view = this.sim.view(viewId);
    this.surfaces.popModal(user, viewId);
    if (view?.notify_on_close) await this.requester.viewClosed({ userId: user, view });
  }

  /** Opening the App Home tab. */
  async openHome(user: string): Promise<void> {
    await this.requester.event({
      type: "app_home_opened",
      user,
      channel: this.dmChannel(user),
      tab: "home",
      event_ts: (this.sim.now() / 1000).toFixed(6),
    });
  }

  /** The "Turn into story" message shortcut on a message. */
  async shortcut(user: string, channel: string, ts: string): Promise<void> {
    const m = this.sim.workspace.findMessage(channel, ts);
    if (!m) throw new Error("That message is gone: reload the page.");
    const res = await this.requester.messageShortcut({
      callbackId: ShortcutIds.turnIntoStory,
      userId: user,
      channelId: channel,
      message: { ts: m.ts, text: m.text, user: m.user },
      triggerId: this.surfaces.trigger(user),
      responseUrl: this.surfaces.responseUrl({ user, channel, source: { kind: "none" } }),
    });
    this.showAck(res, user, channel, "Turn into story failed");
  }

  /** Slack shows a failed request as an error, and an ack that carries a message as an ephemeral one. */
  private showAck(res: SlackHttpResult, user: string, channel: string | undefined, what: string): void {
    if (res.status !== 200) {
      this.surfaces.addError(user, `${what} with the error "dispatch_failed" (HTTP ${res.status}).`, [
        res.body.slice(0, 300),
      ]);
      return;
    }
    if (!channel) return;
    const body = isObj(res.json) ? res.json : undefined;
    const text = body ? (typeof body.text === "string" ? body.text : "") : res.body.trim();
    const blocks =
      body && Array.isArray(body.blocks) ? this.sim.workspace.normalizeBlocks(body.blocks) : undefined;
    if (text === "" && !blocks) return;
    if (body?.response_type === "in_channel") {
      this.sim.workspace.storeMessage(channel, { text, blocks });
      return;
    }
    this.surfaces.addEphemeral({ channel, user, text, blocks, threadTs: undefined });
  }

  /** `@handle` → `<@U…|handle>` and `#name` → `<#C…|name>`, as Slack escapes for such commands. */
  private escapeMentions(text: string): string {
    const ws = this.sim.workspace;
    return text
      .replace(/(^|\s)@([a-z0-9._-]+)/gi, (all, pre: string, handle: string) => {
        const user = [...ws.users.values()].find((u) => u.name === handle.toLowerCase());
        return user ? `${pre}<@${user.id}|${user.name}>` : all;
      })
      .replace(/(^|\s)#([a-z0-9_-]+)/gi, (all, pre: string, name: string) => {
        const channel = [...ws.channels.values()].find((c) => !c.isIm && c.name === name.toLowerCase());
        return channel ? `${pre}<#${channel.id}|${channel.name}>` : all;
      });
  }
}
