/**
 * `/backlog dor [on|off <check>]`: the team's Definition of Ready with a toggle per check.
 * Anyone may read it; changing it takes the `/backlog size` permission (the service refuses
 * everyone else, naming who can; the global error handler tells them privately).
 */
import { parseDorArgs } from "../../../slack/parsers/backlog-dor.js";
import { dorUsageMessage, unknownDorCheckMessage } from "../../../views/backlog-dor.view.js";
import { refreshHomes } from "../../events/home-publish.js";
import type { SubcommandHandler } from "../subcommand.js";
import { changedDor, renderDor } from "./render.js";

export const dor: SubcommandHandler = async ({ ctx, args, reply, client, deps }) => {
  const { teamId, userId } = ctx;
  const parsed = parseDorArgs(args);
  switch (parsed.kind) {
    case "show":
      return reply(await renderDor(deps, { teamId, userId }));
    case "usage":
      return reply(dorUsageMessage());
    case "unknown_check":
      return reply(unknownDorCheckMessage(parsed.name, parsed.enabled));
    case "set": {
      const { check, enabled } = parsed;
      const result = await deps.backlog.setDorCheck({ teamId, userId, check, enabled });
      await reply(changedDor(result, check, enabled));
      // Home marks stories ✅/◻️ against the Definition of Ready.
      if (result.changed) await refreshHomes(client, deps, teamId);
      return;
    }
  }
};
