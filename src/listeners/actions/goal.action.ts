import { z } from "zod";
import { FEATURE_STAGE_LABELS, FEATURE_STAGES } from "../../domain/feature.js";
import { actionContext, clickedElement } from "../../slack/context.js";
import { BacklogIds } from "../../slack/ids.js";
import { ephemeralAside, replaceOriginal } from "../../slack/reply.js";
import { md, ours, userRef } from "../../views/format.js";
import { featuresMessage, goalModal } from "../../views/goal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const stageValue = z.object({ f: z.number().int().positive(), s: z.enum(FEATURE_STAGES) });

/** A feature button's value: the feature and the stage it showed, or null when missing or tampered with. */
function parseStageValue(value: string | undefined): z.infer<typeof stageValue> | null {
  try {
    const parsed = stageValue.safeParse(JSON.parse(value ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `/goal` buttons: New goal / Edit (modal), and a feature's Next stage / Back. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(
    new RegExp(`^(${BacklogIds.goalNew}|${BacklogIds.goalEdit})$`),
    async ({ ack, action, body, client }) => {
      await ack();
      const { teamId, userId, triggerId, channelId } = actionContext(body);
      await deps.goals.requireManage(teamId, userId);
      const value = clickedElement(action).value ?? "";
      const goal = /^\d{1,9}$/.test(value) ? await deps.goals.goal(teamId, Number(value)) : null;
      await client.views.open({ trigger_id: triggerId, view: goalModal({ goal, channelId }) });
    },
  );

  r.action(
    new RegExp(`^(${BacklogIds.featureNext}|${BacklogIds.featureBack})$`),
    async ({ ack, action, body, respond }) => {
      await ack();
      const { teamId, userId } = actionContext(body);
      const element = clickedElement(action);
      const parsed = parseStageValue(element.value);
      if (!parsed)
        return void (await respond(
          ephemeralAside({ text: "That button has expired. Run `/goal features` again." }),
        ));
      const direction = element.actionId === BacklogIds.featureNext ? "next" : "back";
      const input = { teamId, userId, featureNumber: parsed.f, from: parsed.s, direction } as const;
      const moved = await deps.goals.moveStage(input);
      const list = await deps.goals.features(teamId);
      const notice = md`F${moved.feature.number} moved from ${ours(FEATURE_STAGE_LABELS[parsed.s])} to *${ours(FEATURE_STAGE_LABELS[moved.feature.stage])}* by ${userRef(userId)}.`;
      await respond(replaceOriginal(featuresMessage(list, true, notice)));
    },
  );
}
