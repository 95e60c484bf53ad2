/**
 * HTTP-level fake Slack for tests: a real node:http server on 127.0.0.1 speaking the Web API,
 * response URLs, file upload URLs and Socket Mode (`fake.socketMode`, see `fake-slack/socket-mode.ts`).
 * See `fake-slack/server.ts` for the contract.
 *
 * ```ts
 * const fake = await FakeSlack.start();
 * const client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
 * ```
 */

export type { FakeOAuthConfig, FakeToken, InstallTarget } from "./fake-slack/oauth.js";
export { DEFAULT_LATENCY, drawLatency, SLACK_TIERS } from "./fake-slack/realism.js";
export { FakeSlack } from "./fake-slack/server.js";
export type {
  FakeSocketMode,
  SocketAck,
  SocketConnection,
  SocketEnvelope,
  SocketSent,
} from "./fake-slack/socket-mode.js";
export { SLACKBOT, type Workspace } from "./fake-slack/state.js";
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
} from "./fake-slack/types.js";
