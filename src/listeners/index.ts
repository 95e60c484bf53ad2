/** Registers every Slack surface. Add a surface folder here when it gets its first listener. */
import * as actions from "./actions/index.js";
import * as commands from "./commands/index.js";
import type { ListenerDeps } from "./deps.js";
import * as events from "./events/index.js";
import type { ListenerRegistry } from "./registry.js";
import * as shortcuts from "./shortcuts/index.js";
import * as views from "./views/index.js";

export function registerListeners(r: ListenerRegistry, deps: ListenerDeps): void {
  commands.register(r, deps);
  views.register(r, deps);
  actions.register(r, deps);
  shortcuts.register(r, deps);
  events.register(r, deps);
}
