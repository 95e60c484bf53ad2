/**
 * A thin recorder around Bolt's `App` registration methods. Listeners register through
 * it, so a test can compare what is handled with what the manifest declares.
 */
import type {
  App,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from "@slack/bolt";

export class ListenerRegistry {
  readonly commands = new Set<string>();
  readonly views = new Set<string>();
  readonly actions = new Set<string>();
  readonly shortcuts = new Set<string>();
  readonly events = new Set<string>();

  constructor(readonly app: App) {}

  command(name: string, handler: Middleware<SlackCommandMiddlewareArgs>): void {
    this.commands.add(name);
    this.app.command(name, handler);
  }

  view(callbackId: string, handler: Middleware<SlackViewMiddlewareArgs>): void {
    this.views.add(callbackId);
    this.app.view(callbackId, handler);
  }

  /** `actionId` may be a RegExp source for families of ids (e.g. pagination). */
  action(actionId: string | RegExp, handler: Middleware<SlackActionMiddlewareArgs>): void {
    this.actions.add(String(actionId));
    this.app.action(actionId, handler);
  }

  shortcut(callbackId: string, handler: Middleware<SlackShortcutMiddlewareArgs>): void {
    this.shortcuts.add(callbackId);
    this.app.shortcut(callbackId, handler);
  }

  event(name: string, handler: Middleware<SlackEventMiddlewareArgs>): void {
    this.events.add(name);
    // biome-ignore lint/suspicious/noExplicitAny: Bolt narrows event types by literal name; we register by string
    this.app.event(name as any, handler as any);
  }
}
