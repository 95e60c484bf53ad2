/** users.* methods. */
import { userJson } from "../render.js";
import { fail, type MethodTable, ok, paginate, str } from "./context.js";

export const userMethods: MethodTable = {
  "users.info": (args, { ws }) => {
    const user = ws.users.get(str(args, "user") ?? "");
    if (!user) return fail("user_not_found");
    return ok({ user: userJson(ws, user) });
  },

  /** Includes Slackbot, bots and deactivated users, like Slack: apps must filter. */
  "users.list": (args, { ws, teams }) => {
    // A workspace token lists that workspace's people (plus those registered without a team).
    // An org-wide token lists the workspace named by `team_id` (Slack requires it for org tokens).
    const only = teams && teams.size > 1 ? str(args, "team_id") : undefined;
    const users = [...ws.users.values()].filter(
      (u) => !teams || u.teamId === undefined || (teams.has(u.teamId) && (!only || u.teamId === only)),
    );
    const { page, nextCursor } = paginate(users, args, 0);
    return ok({
      members: page.map((u) => userJson(ws, u)),
      cache_ts: Math.floor(ws.now() / 1000),
      response_metadata: { next_cursor: nextCursor },
    });
  },

  "users.lookupByEmail": (args, { ws }) => {
    const email = str(args, "email")?.toLowerCase();
    const user = [...ws.users.values()].find((u) => email && u.email?.toLowerCase() === email);
    if (!user) return fail("users_not_found");
    return ok({ user: userJson(ws, user) });
  },
};
