import type { WebClient } from "@slack/web-api";
import { parseFeatureTitle } from "../../domain/feature.js";
import { type CommandContext, commandContext } from "../../slack/context.js";
import { BacklogIds } from "../../slack/ids.js";
import { type GoalArgs, parseGoalArgs } from "../../slack/parsers/goal-args.js";
import { privateReplier } from "../../slack/reply.js";
import { featureCreatedMessage, featuresMessage, goalModal, goalsMessage } from "../../views/goal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** A new goal's modal (prefilled with the typed statement) or goal N's, for people who manage goals. */
async function openGoalModal(
  deps: ListenerDeps,
  client: WebClient,
  ctx: CommandContext,
  args: Extract<GoalArgs, { kind: "new" | "edit" }>,
): Promise<void> {
  await deps.goals.requireManage(ctx.teamId, ctx.userId);
  const goal = args.kind === "edit" ? await deps.goals.goal(ctx.teamId, args.goalNumber) : null;
  // A modal opened from a DM has no channel to confirm in: the confirmation goes by DM.
  const channelId = /^[CG]/.test(ctx.channelId) ? ctx.channelId : null;
  const statement = args.kind === "new" ? { statement: args.statement } : {};
  await client.views.open({ trigger_id: ctx.triggerId, view: goalModal({ goal, ...statement, channelId }) });
}

/**
 * `/goal` (issue 5): list goals; `/goal <statement>` opens the goal modal prefilled; `/goal G1`
 * edits; `/goal features` lists features with stage buttons; `/goal feature [G1] <title>` adds one.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(BacklogIds.goalCommand, async ({ ack, command, respond, client }) => {
    await ack();
    const ctx = commandContext(command);
    const { teamId, userId } = ctx;
    const reply = privateReplier(respond);
    const args = parseGoalArgs(ctx.text);
    const canManage = () => deps.access.can(teamId, userId, "goals.manage");
    switch (args.kind) {
      case "list": {
        const [list, can] = await Promise.all([deps.goals.goals(teamId), canManage()]);
        return reply(goalsMessage(list, can));
      }
      case "features": {
        const [list, can] = await Promise.all([deps.goals.features(teamId), canManage()]);
        return reply(featuresMessage(list, can));
      }
      case "feature": {
        const title = parseFeatureTitle(args.title);
        const created = await deps.goals.createFeature({
          teamId,
          userId,
          title,
          goalNumber: args.goalNumber,
        });
        return reply(featureCreatedMessage(created));
      }
    }
    await openGoalModal(deps, client, ctx, args);
  });
}
