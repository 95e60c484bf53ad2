/** The method table: every Web API method the fake implements. Anything else is `unknown_method`. */
import { appMethods } from "./apps.js";
import { chatMethods } from "./chat.js";
import type { MethodTable } from "./context.js";
import { conversationMethods } from "./conversations.js";
import { fileMethods } from "./files.js";
import { miscMethods } from "./misc.js";
import { userMethods } from "./users.js";
import { viewMethods } from "./views.js";

export type { Handler, HandlerContext } from "./context.js";

export const METHODS: MethodTable = {
  ...miscMethods,
  ...appMethods,
  ...chatMethods,
  ...conversationMethods,
  ...userMethods,
  ...viewMethods,
  ...fileMethods,
  // Answered by the server with the OAuth registry (`fake-slack/oauth.ts`); listed so they are known.
  "oauth.v2.access": () => ({ ok: false, error: "invalid_client_id" }),
  "auth.revoke": () => ({ ok: true, revoked: false }),
};

/** Methods Slack answers without a token. */
export const NO_AUTH = new Set(["api.test", "oauth.v2.access"]);
/** Methods called with the app-level token (xapp-), which serves every workspace of the app. */
export const APP_LEVEL = new Set(["apps.connections.open"]);
