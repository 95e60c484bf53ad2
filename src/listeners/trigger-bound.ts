/**
 * Listeners whose work after the ack opens a modal from the request's `trigger_id`, which Slack
 * accepts for 3 s only: their post-ack work starts before other queued work (`WorkScheduler`
 * priority `trigger`). Every shortcut counts as one (shortcuts open modals).
 *
 * When a listener starts calling `views.open`, add its command or action id here. A listener
 * missing from the list still works; under load its modal may open too late (`expired_trigger_id`).
 */
import type { WorkPriority } from "../lib/work-scheduler.js";
import {
  ActionIds,
  BacklogIds,
  Commands,
  DigestIds,
  HomeIds,
  PokerIds,
  RefineIds,
  RetroIds,
  SprintIds,
  StandupIds,
} from "../slack/ids.js";

const COMMANDS: ReadonlySet<string> = new Set([
  Commands.story,
  Commands.request,
  Commands.sprint,
  Commands.retro,
  Commands.refine,
  DigestIds.command,
  StandupIds.command,
  BacklogIds.goalCommand,
]);

const ACTIONS: readonly string[] = [
  BacklogIds.edit,
  BacklogIds.more,
  BacklogIds.goalNew,
  BacklogIds.goalEdit,
  ActionIds.requestAccept,
  ActionIds.requestMerge,
  ActionIds.requestDecline,
  PokerIds.vote,
  RetroIds.addAction,
  RefineIds.edit,
  SprintIds.note,
  SprintIds.giveFeedback,
  StandupIds.openAnswer,
  StandupIds.edit,
  HomeIds.newStory,
  HomeIds.openBacklog,
  HomeIds.openTriage,
  HomeIds.writeStandup,
  ActionIds.storyRetry,
];

export function commandPriority(name: string): WorkPriority {
  return COMMANDS.has(name) ? "trigger" : "normal";
}

/** An action registered by id or by a pattern (a family of ids) that matches a listed id. */
export function actionPriority(actionId: string | RegExp): WorkPriority {
  const opensModal =
    typeof actionId === "string" ? ACTIONS.includes(actionId) : ACTIONS.some((id) => actionId.test(id));
  return opensModal ? "trigger" : "normal";
}
