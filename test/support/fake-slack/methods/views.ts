/** views.* methods: trigger-id expiry, push stack limit, `hash` races, Block Kit validation. */
import { checkView, format } from "../../block-kit-limits.js";
import type { Workspace } from "../state.js";
import type { Args, SlackResult } from "../types.js";
import { fail, isObj, type MethodTable, ok, str } from "./context.js";

const MAX_STACK = 3;

/**
 * Validates the `view` argument. Problems inside `blocks` answer `invalid_blocks`; view-level ones
 * (title, submit, close, private_metadata, callback_id, type) answer `invalid_arguments` as Slack does.
 */
function viewError(view: unknown, expectedType: "modal" | "home"): SlackResult | undefined {
  if (!isObj(view)) {
    return fail("invalid_arguments", { response_metadata: { messages: ["[ERROR] failed to parse view"] } });
  }
  const problems = checkView(view);
  if (view.type !== expectedType && !problems.some((p) => p.pointer === "/view/type")) {
    problems.push({ pointer: "/view/type", message: `must be ${expectedType} for this method` });
  }
  if (problems.length === 0) return undefined;
  const viewLevel = problems.some((p) => !p.pointer.startsWith("/view/blocks"));
  return fail(viewLevel ? "invalid_arguments" : "invalid_blocks", {
    response_metadata: { messages: problems.map((p) => `[ERROR] ${format(p)}`) },
  });
}

function hashError(args: Args, current: { hash: string } | undefined): SlackResult | undefined {
  const hash = str(args, "hash");
  return hash !== undefined && current !== undefined && hash !== current.hash
    ? fail("hash_conflict")
    : undefined;
}

function openOrPush(args: Args, ws: Workspace, push: boolean): SlackResult {
  const trigger = ws.checkTrigger(args.trigger_id);
  if (!trigger.ok) return fail(trigger.error);
  const bad = viewError(args.view, "modal");
  if (bad) return bad;
  const parentId = push ? trigger.viewId : undefined;
  if (parentId && ws.stackDepth(parentId) >= MAX_STACK) return fail("push_limit_reached");
  // biome-ignore lint/correctness/useHookAtTopLevel: a fake Slack method, not a React hook
  ws.useTrigger(String(args.trigger_id));
  const view = ws.storeView(args.view as Record<string, unknown>, parentId ? { parentId } : {});
  return ok({ view });
}

export const viewMethods: MethodTable = {
  "views.open": (args, { ws }) => openOrPush(args, ws, false),
  "views.push": (args, { ws }) => openOrPush(args, ws, true),

  "views.update": (args, { ws }) => {
    if (args.view_id === undefined && args.external_id === undefined) return fail("invalid_arguments");
    const current = ws.findView(args);
    if (!current) return fail("not_found");
    const conflict = hashError(args, current);
    if (conflict) return conflict;
    const bad = viewError(args.view, current.type === "home" ? "home" : "modal");
    if (bad) return bad;
    return ok({ view: ws.storeView(args.view as Record<string, unknown>, { replace: current }) });
  },

  "views.publish": (args, { ws }) => {
    const userId = str(args, "user_id") ?? "";
    const user = ws.users.get(userId);
    if (!userId || (!user && ws.config.strictChannels) || user?.deleted) return fail("user_not_found");
    const current = ws.views.get(ws.homeViews.get(userId) ?? "");
    const conflict = hashError(args, current);
    if (conflict) return conflict;
    const bad = viewError(args.view, "home");
    if (bad) return bad;
    const view = ws.storeView(args.view as Record<string, unknown>, current ? { replace: current } : {});
    ws.homeViews.set(userId, view.id);
    return ok({ view });
  },
};
