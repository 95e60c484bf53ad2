import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import * as turnIntoStory from "./turn-into-story.shortcut.js";

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  turnIntoStory.register(r, deps);
}
