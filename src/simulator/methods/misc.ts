/** auth.test, team.info, api.test and reactions.*. */
import { fail, type MethodTable, ok, str } from "./context.js";

export const miscMethods: MethodTable = {
  "api.test": (args) => ok({ args }),

  "auth.test": (_args, { ws }) => {
    const c = ws.config;
    return ok({
      url: `https://${c.teamDomain}.slack.com/`,
      team: c.teamName,
      user: c.botName,
      team_id: c.teamId,
      user_id: c.botUserId,
      bot_id: c.botId,
      is_enterprise_install: false,
    });
  },

  "team.info": (_args, { ws }) =>
    ok({ team: { id: ws.config.teamId, name: ws.config.teamName, domain: ws.config.teamDomain } }),

  "reactions.add": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "read");
    if (!target.ok) return fail(target.error);
    const name = str(args, "name")?.replace(/:/g, "");
    if (!name) return fail("invalid_name");
    const ts = str(args, "timestamp");
    let message = ws.findMessage(target.channel.id, ts);
    // Lenient mode: apps react to messages the test only sent as events, never seeded.
    if (!message && ts && !ws.config.strictChannels)
      message = ws.storeMessage(target.channel.id, { ts, user: "" });
    if (!message) return fail("message_not_found");
    const reaction = message.reactions.find((r) => r.name === name);
    if (reaction?.users.includes(ws.config.botUserId)) return fail("already_reacted");
    if (reaction) reaction.users.push(ws.config.botUserId);
    else message.reactions.push({ name, users: [ws.config.botUserId] });
    return ok();
  },

  "reactions.remove": (args, { ws }) => {
    const target = ws.resolveConversation(args.channel, "read");
    if (!target.ok) return fail(target.error);
    const message = ws.findMessage(target.channel.id, str(args, "timestamp"));
    if (!message) return fail("message_not_found");
    const name = str(args, "name")?.replace(/:/g, "");
    const reaction = message.reactions.find((r) => r.name === name);
    if (!reaction?.users.includes(ws.config.botUserId)) return fail("no_reaction");
    reaction.users = reaction.users.filter((u) => u !== ws.config.botUserId);
    message.reactions = message.reactions.filter((r) => r.users.length > 0);
    return ok();
  },
};
