/** The weekly refinement agenda, posted through the outbox once per occurrence. */
import type { RefinementService } from "../services/refinement.service.js";
import type { JobHandler, Outbox } from "../services/scheduling.ports.js";
import { refinementAgendaMessage } from "../views/refinement.view.js";

export function refinementAgendaJob(deps: { refinement: RefinementService; outbox: Outbox }): JobHandler {
  return async (ctx) => {
    const settings = await deps.refinement.settings(ctx.teamId);
    if (!settings) return;
    const message = refinementAgendaMessage(await deps.refinement.agenda(ctx.teamId, settings.itemCount));
    await deps.outbox.enqueue({
      teamId: ctx.teamId,
      channel: settings.channelId,
      text: message.text,
      blocks: message.blocks,
      idempotencyKey: `refine:${ctx.teamId}:${ctx.localDue}`,
      purpose: "refinement agenda",
    });
  };
}
