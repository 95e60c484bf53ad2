import { z } from "zod";
import { parseGoalForm } from "../../domain/goal.js";
import { viewContext } from "../../slack/context.js";
import { onForm } from "../../slack/form-errors.js";
import { BacklogIds } from "../../slack/ids.js";
import { readGoalForm } from "../../slack/parsers/backlog-po.js";
import { tellPrivately } from "../../slack/reply.js";
import { goalSavedMessage } from "../../views/goal.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

const metaSchema = z.object({
  goalNumber: z.number().int().positive().nullable(),
  channelId: z
    .string()
    .regex(/^[CDG][A-Z0-9]+$/)
    .nullable(),
});

/** The goal modal's metadata: which goal (null: a new one) and where to confirm. */
function readGoalMetadata(raw: string | undefined): z.infer<typeof metaSchema> {
  try {
    return metaSchema.parse(JSON.parse(raw || "{}"));
  } catch {
    return { goalNumber: null, channelId: null };
  }
}

const FIELD_BLOCKS = {
  statement: BacklogIds.goalStatement,
  metrics: BacklogIds.goalMetrics,
  status: BacklogIds.goalStatus,
};

/**
 * The goal modal: validate onto the fields, save (create or update) before ack, confirm privately,
 * then re-publish the Home tabs people have open (Home lists the active goals with their metrics).
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(BacklogIds.goalModal, async ({ ack, view, body, client }) => {
    const { teamId, userId } = viewContext(body);
    const meta = readGoalMetadata(view.private_metadata);
    const save = () =>
      deps.goals.saveGoal({
        teamId,
        userId,
        goalNumber: meta.goalNumber,
        draft: parseGoalForm(readGoalForm(view.state.values)),
      });
    const saved = await onForm(ack, save, FIELD_BLOCKS, {
      fallback: BacklogIds.goalStatement,
      appErrors: true,
    });
    if (!saved.ok) return;
    await ack();
    try {
      await tellPrivately(
        client,
        { userId, channelId: meta.channelId },
        goalSavedMessage(saved.value.goal, saved.value.created),
      );
    } finally {
      await refreshHomes(client, deps, teamId); // the goal is saved even if the reply failed
    }
  });
}
