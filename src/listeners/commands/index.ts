import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import * as backlog from "./backlog.command.js";
import * as digest from "./digest.command.js";
import * as forecast from "./forecast.command.js";
import * as goal from "./goal.command.js";
import * as poker from "./poker.command.js";
import * as refine from "./refine.command.js";
import * as request from "./request.command.js";
import * as retro from "./retro.command.js";
import * as scrum from "./scrum.command.js";
import * as sprint from "./sprint.command.js";
import * as standup from "./standup.command.js";
import * as story from "./story.command.js";

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  story.register(r, deps);
  backlog.register(r, deps);
  goal.register(r, deps);
  scrum.register(r, deps);
  request.register(r, deps);
  standup.register(r, deps);
  digest.register(r, deps);
  forecast.register(r, deps);
  poker.register(r, deps);
  sprint.register(r, deps);
  refine.register(r, deps);
  retro.register(r, deps);
}
