import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import * as backlogStory from "./backlog-story.submit.js";
import * as digestSetup from "./digest-setup.submit.js";
import * as goal from "./goal.submit.js";
import * as pokerVote from "./poker-vote.submit.js";
import * as refineSetup from "./refine-setup.submit.js";
import * as request from "./request.submit.js";
import * as requestDecision from "./request-decision.submit.js";
import * as retroAction from "./retro-action.submit.js";
import * as retroCard from "./retro-card.submit.js";
import * as sprint from "./sprint.submit.js";
import * as standupAnswer from "./standup-answer.submit.js";
import * as standupSetup from "./standup-setup.submit.js";
import * as storyCreate from "./story-create.submit.js";

/** Modal submissions (`*.submit.ts`; the modals themselves are built in `src/views/`). */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  storyCreate.register(r, deps);
  backlogStory.register(r, deps);
  goal.register(r, deps);
  request.register(r, deps);
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
