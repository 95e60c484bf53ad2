import type { BlockAction } from "@slack/bolt";
import { z } from "zod";
import { FEATURE_STAGE_LABELS, FEATURE_STAGES } from "../../domain/feature.js";
import { BacklogIds } from "../../slack/ids.js";
import { md, ours, userRef } from "../../views/format.js";
import { featuresMessage, goalModal } from "../../views/goal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const stageValue = z.object({ f: z.number().int().positive(), s: z.enum(FEATURE_STAGES) });

/** `/goal` buttons: New goal / Edit (modal), and a feature's Next stage / Back. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(
    new RegExp(`^(${BacklogIds.goalNew}|${BacklogIds.goalEdit})$`),
    async ({ ack, action, body, client }) => {
      await ack();
      const b = body as BlockAction;
      const teamId = b.team?.id ?? b.user.team_id ?? "";
      await deps.goals.requireManage(teamId, b.user.id);
      const value = "value" in action ? String(action.value ?? "") : "";
      const goal = /^\d{1,9}$/.test(value) ? await deps.goals.goal(teamId, Number(value)) : null;
      await client.views.open({
        trigger_id: b.trigger_id,
        view: goalModal({ goal, channelId: b.channel?.id ?? null }),
      });
    },
  );

  r.action(
    new RegExp(`^(${BacklogIds.featureNext}|${BacklogIds.featureBack})$`),
    async ({ ack, action, body, respond }) => {
      await ack();
      const b = body as BlockAction;
      const teamId = b.team?.id ?? b.user.team_id ?? "";
      let parsed: z.infer<typeof stageValue>;
      try {
        parsed = stageValue.parse(JSON.parse("value" in action ? String(action.value ?? "") : ""));
      } catch {
        return void (await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: "That button has expired. Run `/goal features` again.",
        }));
      }
      const direction =
        (action as { action_id: string }).action_id === BacklogIds.featureNext ? "next" : "back";
      const moved = await deps.goals.moveStage({
        teamId,
        userId: b.user.id,
        featureNumber: parsed.f,
        from: parsed.s,
        direction,
      });
      const list = await deps.goals.features(teamId);
      const notice = md`F${moved.feature.number} moved from ${ours(FEATURE_STAGE_LABELS[parsed.s])} to *${ours(FEATURE_STAGE_LABELS[moved.feature.stage])}* by ${userRef(b.user.id)}.`;
      await respond({
        response_type: "ephemeral",
        replace_original: true,
        ...featuresMessage(list, true, notice),
      });
    },
  );
}
