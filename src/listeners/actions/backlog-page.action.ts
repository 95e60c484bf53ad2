import { z } from "zod";
import { ActionIds } from "../../slack/ids.js";
import { renderBacklog } from "../commands/backlog-po.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const cursorSchema = z.object({
  o: z.number().int().min(0).max(1_000_000),
  l: z.number().int().min(1).max(100),
  q: z.string().max(500),
});

/** "Next"/"Previous" on the `/backlog` message: replaces the ephemeral message in place. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(new RegExp(`^${ActionIds.backlogPage}_(next|prev)$`), async ({ ack, action, body, respond }) => {
    await ack();
    const value = "value" in action ? action.value : undefined;
    let cursor: z.infer<typeof cursorSchema>;
    try {
      cursor = cursorSchema.parse(JSON.parse(value ?? ""));
    } catch {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: "That button has expired. Run `/backlog` again.",
      });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const message = await renderBacklog(deps, {
      teamId,
      userId: body.user.id,
      offset: cursor.o,
      limit: cursor.l,
      words: cursor.q.split(" ").filter(Boolean),
    });
    await respond({ response_type: "ephemeral", replace_original: true, ...message });
  });
}
