import { z } from "zod";
import { parseGoalForm } from "../../domain/goal.js";
import { isAppError, ValidationError } from "../../lib/errors.js";
import { BacklogIds } from "../../slack/ids.js";
import { readGoalForm } from "../../slack/parsers/backlog-po.js";
import { replyPrivately } from "../../slack/private-reply.js";
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

const FIELD_BLOCKS: Record<string, string> = {
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
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    let meta: z.infer<typeof metaSchema>;
    try {
      meta = metaSchema.parse(JSON.parse(view.private_metadata || "{}"));
    } catch {
      meta = { goalNumber: null, channelId: null };
    }
    let result: Awaited<ReturnType<typeof deps.goals.saveGoal>>;
    try {
      const draft = parseGoalForm(readGoalForm(view.state.values));
      result = await deps.goals.saveGoal({ teamId, userId, goalNumber: meta.goalNumber, draft });
    } catch (error) {
      if (error instanceof ValidationError) {
        const errors: Record<string, string> = {};
        for (const [field, message] of Object.entries(error.fieldErrors))
          errors[FIELD_BLOCKS[field] ?? BacklogIds.goalStatement] = message;
        return void (await ack({ response_action: "errors", errors }));
      }
      if (isAppError(error))
        return void (await ack({
          response_action: "errors",
          errors: { [BacklogIds.goalStatement]: error.userMessage },
        }));
      throw error;
    }
    await ack();
    try {
      await replyPrivately(
        client,
        { userId, channelId: meta.channelId },
        goalSavedMessage(result.goal, result.created),
      );
    } finally {
      await refreshHomes(client, deps, teamId); // the goal is saved even if the reply failed
    }
  });
}
