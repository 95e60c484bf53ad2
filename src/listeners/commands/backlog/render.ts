/**
 * The `/backlog` surfaces as a person sees them, shared by the command, its buttons and its
 * modals: read model (`services/backlog.read-model.ts`) → view.
 */
import type { ReadinessCheckId } from "../../../domain/readiness.js";
import type { Story } from "../../../domain/story.js";
import type { BacklogSettings } from "../../../services/backlog.ports.js";
import {
  type BacklogListingQuery,
  backlogListing,
  dorChecklist,
} from "../../../services/backlog.read-model.js";
import { NotReadyError } from "../../../services/backlog.service.js";
import { type BacklogMode, backlogMessage } from "../../../views/backlog.view.js";
import { dorChangedNotice, dorMessage } from "../../../views/backlog-dor.view.js";
import { notReadyMessage } from "../../../views/backlog-po.view.js";
import type { SlackMessage } from "../../../views/message.js";
import type { ListenerDeps } from "../../deps.js";

/** The `/backlog` listing with the controls this person may use and readiness marks. */
export async function renderBacklog(
  deps: ListenerDeps,
  input: BacklogListingQuery & { notice?: string; mode?: BacklogMode; didYouMean?: string | null },
): Promise<SlackMessage> {
  const { page, controls, readiness } = await backlogListing(deps, input);
  return backlogMessage(page, {
    controls,
    readiness,
    ...(input.notice ? { notice: input.notice } : {}),
    ...(input.mode ? { mode: input.mode } : {}),
    ...(input.didYouMean ? { didYouMean: input.didYouMean } : {}),
  });
}

/** The Definition of Ready checklist as this person sees it (with toggles when they may change it). */
export async function renderDor(
  deps: ListenerDeps,
  input: { teamId: string; userId: string; notice?: string },
): Promise<SlackMessage> {
  const { settings, canChange } = await dorChecklist(deps, input);
  return dorMessage({
    sizeLimit: settings.sizeLimit,
    disabled: settings.dorDisabled,
    canChange,
    ...(input.notice ? { notice: input.notice } : {}),
  });
}

/** The checklist after `setDorCheck` (only people who may change it get here). */
export function changedDor(
  result: { settings: BacklogSettings; changed: boolean },
  check: ReadinessCheckId,
  enabled: boolean,
): SlackMessage {
  return dorMessage({
    sizeLimit: result.settings.sizeLimit,
    disabled: result.settings.dorDisabled,
    canChange: true,
    notice: dorChangedNotice(check, enabled, result.changed),
  });
}

/**
 * Mark ready: the story when it was (or already is) ready, else the private "what is missing"
 * message (a `NotReadyError` is an answer here, not a failure). Other errors are rethrown.
 */
export async function tryMarkReady(
  deps: ListenerDeps,
  input: { teamId: string; userId: string; storyNumber: number },
): Promise<{ ok: true; story: Story } | { ok: false; message: SlackMessage }> {
  try {
    return { ok: true, story: await deps.backlog.markReady(input) };
  } catch (error) {
    if (!(error instanceof NotReadyError)) throw error;
    return { ok: false, message: notReadyMessage(error.story, error.readiness) };
  }
}
