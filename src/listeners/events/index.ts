import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import * as appHomeOpened from "./app-home-opened.event.js";
import * as appUninstalled from "./app-uninstalled.event.js";
import * as memberJoinedChannel from "./member-joined-channel.event.js";
import * as userChange from "./user-change.event.js";

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  appHomeOpened.register(r, deps);
  appUninstalled.register(r, deps);
  memberJoinedChannel.register(r, deps);
  userChange.register(r, deps);
}
