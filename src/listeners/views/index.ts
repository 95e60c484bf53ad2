import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import * as storyCreate from "./story-create.view.js";

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  storyCreate.register(r, deps);
}
