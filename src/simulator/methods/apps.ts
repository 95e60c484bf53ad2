/** apps.connections.open: the WebSocket URL for Socket Mode. */
import { fail, type MethodTable, ok } from "./context.js";

export const appMethods: MethodTable = {
  // Slack wants the app-level token (xapp-…) here and refuses bot or user tokens.
  "apps.connections.open": (_args, { token, socketMode }) =>
    token.startsWith("xapp-") ? ok({ url: socketMode.mintUrl() }) : fail("not_allowed_token_type"),
};
