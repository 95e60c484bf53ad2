import { HelpIds } from "../../slack/ids.js";
import { replaceOriginal } from "../../slack/reply.js";
import { helpMessage } from "../../views/help.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** "More…" under the short `/scrum help`: the same message, now with every command. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(HelpIds.more, async ({ ack, respond }) => {
    await ack();
    await respond(replaceOriginal(helpMessage(deps.commands)));
  });
}
