import { parseFeatureTitle } from "../../domain/feature.js";
import { cleanLine } from "../../domain/story.schema.js";
import { BacklogIds } from "../../slack/ids.js";
import { featureCreatedMessage, featuresMessage, goalModal, goalsMessage } from "../../views/goal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * `/goal` (issue 5): list goals; `/goal <statement>` opens the goal modal prefilled; `/goal G1`
 * edits; `/goal features` lists features with stage buttons; `/goal feature [G1] <title>` adds one.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(BacklogIds.goalCommand, async ({ ack, command, respond, client }) => {
    await ack();
    const teamId = command.team_id;
    const userId = command.user_id;
    const text = cleanLine(command.text);
    const channelId = /^[CG]/.test(command.channel_id) ? command.channel_id : null;

    if (text === "" || /^list$/i.test(text)) {
      const [list, canManage] = await Promise.all([
        deps.goals.goals(teamId),
        deps.access.can(teamId, userId, "goals.manage"),
      ]);
      return void (await respond({ response_type: "ephemeral", ...goalsMessage(list, canManage) }));
    }
    if (/^features$/i.test(text)) {
      const [list, canManage] = await Promise.all([
        deps.goals.features(teamId),
        deps.access.can(teamId, userId, "goals.manage"),
      ]);
      return void (await respond({ response_type: "ephemeral", ...featuresMessage(list, canManage) }));
    }
    const feature = /^feature\s+(?:g(\d{1,9})\s+)?(.*)$/i.exec(text);
    if (feature) {
      const created = await deps.goals.createFeature({
        teamId,
        userId,
        title: parseFeatureTitle(feature[2]),
        goalNumber: feature[1] ? Number(feature[1]) : null,
      });
      return void (await respond({ response_type: "ephemeral", ...featureCreatedMessage(created) }));
    }
    const edit = /^g(\d{1,9})$/i.exec(text);
    await deps.goals.requireManage(teamId, userId);
    const goal = edit ? await deps.goals.goal(teamId, Number(edit[1])) : null;
    await client.views.open({
      trigger_id: command.trigger_id,
      view: goalModal({ goal, ...(goal ? {} : { statement: text }), channelId }),
    });
  });
}
