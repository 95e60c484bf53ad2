/**
 * HTTP-level Slack simulator (the tests' fake Slack and the playground's Slack): a real node:http server on 127.0.0.1 speaking the Web API,
 * response URLs, file upload URLs and Socket Mode (`fake.socketMode`, see `socket-mode.ts`).
 * See `server.ts` for the contract.
 *
 * ```ts
 * const fake = await FakeSlack.start();
 * const client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
 * ```
 */

export type { FakeOAuthConfig, FakeToken, InstallTarget } from "./oauth.js";
export { DEFAULT_LATENCY, drawLatency, SLACK_TIERS } from "./realism.js";
export { FakeSlack } from "./server.js";
export type {
  FakeSocketMode,
  SocketAck,
  SocketConnection,
  SocketEnvelope,
  SocketSent,
} from "./socket-mode.js";
export { SLACKBOT, type Workspace } from "./state.js";
export type {
  AddChannelInput,
  AddUserInput,
  Args,
  EphemeralMessage,
  FakeChannel,
  FakeFile,
  FakeSlackOptions,
  FakeUser,
  RateLimitRule,
  RecordedCall,
  RejectedResponse,
  ResponseRecord,
  ScheduledMessage,
  SlackResult,
  StoredMessage,
  StoredView,
} from "./types.js";
