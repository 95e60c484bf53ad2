import { actionContext, clickedElement } from "../../slack/context.js";
import { ActionIds } from "../../slack/ids.js";
import { parseBacklogCursor } from "../../slack/parsers/backlog-po.js";
import { ephemeralAside, replaceOriginal } from "../../slack/reply.js";
import { renderBacklog } from "../commands/backlog/render.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * "Next"/"Previous" and the PO's "Reorder or archive" / "Done reordering" switch on the `/backlog`
 * message: replaces the ephemeral message in place (the mode travels in the cursor).
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(
    new RegExp(`^${ActionIds.backlogPage}_(next|prev|mode)$`),
    async ({ ack, action, body, respond }) => {
      await ack();
      const { teamId, userId } = actionContext(body);
      const cursor = parseBacklogCursor(clickedElement(action).value);
      if (!cursor)
        return void (await respond(
          ephemeralAside({ text: "That button has expired. Run `/backlog` again." }),
        ));
      const words = cursor.q.split(" ").filter(Boolean);
      await respond(
        replaceOriginal(
          await renderBacklog(deps, {
            teamId,
            userId,
            offset: cursor.o,
            limit: cursor.l,
            words,
            mode: cursor.m === "r" ? "reorder" : "menu",
          }),
        ),
      );
    },
  );
}
