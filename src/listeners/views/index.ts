import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import * as backlogStory from "./backlog-story.view.js";
import * as digestSetup from "./digest-setup.view.js";
import * as goalSave from "./goal-save.view.js";
import * as pokerVote from "./poker-vote.view.js";
import * as refineSetup from "./refine-setup.view.js";
import * as requestDecision from "./request-decision.view.js";
import * as requestSubmit from "./request-submit.view.js";
import * as retroAction from "./retro-action.view.js";
import * as retroCard from "./retro-card.view.js";
import * as sprint from "./sprint.view.js";
import * as standupAnswer from "./standup-answer.view.js";
import * as standupSetup from "./standup-setup.view.js";
import * as storyCreate from "./story-create.view.js";

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  storyCreate.register(r, deps);
  backlogStory.register(r, deps);
  goalSave.register(r, deps);
  requestSubmit.register(r, deps);
  requestDecision.register(r, deps);
  standupSetup.register(r, deps);
  standupAnswer.register(r, deps);
  digestSetup.register(r, deps);
  pokerVote.register(r, deps);
  refineSetup.register(r, deps);
  sprint.register(r, deps);
  retroCard.register(r, deps);
  retroAction.register(r, deps);
}
