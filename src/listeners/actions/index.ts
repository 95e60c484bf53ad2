import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import * as backlogDor from "./backlog-dor.action.js";
import * as backlogPage from "./backlog-page.action.js";
import * as backlogStory from "./backlog-story.action.js";
import * as goal from "./goal.action.js";
import * as homeQuick from "./home-quick.action.js";
import * as homeSprint from "./home-sprint.action.js";
import * as poker from "./poker.action.js";
import * as refine from "./refine.action.js";
import * as requestTriage from "./request-triage.action.js";
import * as retro from "./retro.action.js";
import * as scrumHelp from "./scrum-help.action.js";
import * as sprint from "./sprint.action.js";
import * as standup from "./standup.action.js";
import * as storyRetry from "./story-retry.action.js";

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  backlogPage.register(r, deps);
  backlogStory.register(r, deps);
  backlogDor.register(r, deps);
  goal.register(r, deps);
  requestTriage.register(r, deps);
  standup.register(r, deps);
  poker.register(r, deps);
  sprint.register(r, deps);
  refine.register(r, deps);
  retro.register(r, deps);
  homeSprint.register(r, deps);
  homeQuick.register(r, deps);
  scrumHelp.register(r, deps);
  storyRetry.register(r, deps);
}
