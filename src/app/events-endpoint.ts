/**
 * The events endpoint (`POST /slack/events`) of Bolt's `HTTPReceiver`, reading each request once.
 *
 * Why: Bolt's `handleIncomingEvent` decodes the body to a string twice and parses a form body
 * twice (once to look for `ssl_check`, once for the payload), then verifies the signature on a
 * re-encoded copy. For a modal submission (~8 KB of URL-encoded JSON) that was ~125 µs of CPU
 * before each ack; read once and verified over the raw bytes it is ~75 µs (docs/performance.md,
 * "Session 16"). Everything else is Bolt's, in Bolt's order, with Bolt's answers: 413 for a body
 * over the limit, 401 for any other read or signature failure, 400 for a malformed body, 200 for
 * `ssl_check` (unsigned, and never reaching a listener) and the `url_verification` challenge;
 * then `HTTPResponseAck` and `app.processEvent`, and Bolt's error handler.
 *
 * Bolt's routing (endpoints, OAuth install paths, custom routes) stays Bolt's: this replaces only
 * the receiver's `handleIncomingEvent` (a private method, so on the instance). Written against
 * @slack/bolt 5.x; `test/unit/app/events-endpoint.test.ts` holds each answer, and e2e tests run
 * every request through it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseForm } from "node:querystring";
import {
  type App,
  type BufferedIncomingMessage,
  HTTPModuleFunctions as bolt,
  type HTTPReceiver,
  HTTPResponseAck,
  type Logger,
  type ReceiverEvent,
  type ReceiverProcessEventErrorHandlerArgs,
  type ReceiverUnhandledRequestHandlerArgs,
} from "@slack/bolt";
import { verifyRequestSignature } from "./request-signature.js";

/** The receiver's private state this reads (set by its constructor and `init`). */
interface ReceiverState {
  app?: App;
  signingSecret: string;
  signatureVerification: boolean;
  bodyLimit: number;
  logger: Logger;
  processBeforeResponse: boolean;
  unhandledRequestHandler: (args: ReceiverUnhandledRequestHandlerArgs) => void;
  unhandledRequestTimeoutMillis: number;
  customPropertiesExtractor: (request: BufferedIncomingMessage) => Record<string, unknown>;
  processEventErrorHandler: (args: ReceiverProcessEventErrorHandlerArgs) => Promise<boolean>;
  handleIncomingEvent: (req: IncomingMessage, res: ServerResponse) => void;
}

const FORM = "application/x-www-form-urlencoded";

/** Makes the receiver read, verify and parse each event request once. */
export function readEachRequestOnce(receiver: HTTPReceiver): void {
  const state = receiver as unknown as ReceiverState;
  if (typeof state.handleIncomingEvent !== "function")
    throw new Error("@slack/bolt's HTTPReceiver has no handleIncomingEvent: see src/app/events-endpoint.ts");
  state.handleIncomingEvent = (req, res) => void handleEvent(state, req, res);
}

async function handleEvent(r: ReceiverState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let buffered: BufferedIncomingMessage;
  try {
    buffered = await bolt.bufferIncomingMessage(req, r.bodyLimit);
  } catch (error) {
    if (bolt.isRawBodyError(error) && (error.type === "entity.too.large" || error.statusCode === 413)) {
      r.logger.warn(`Request body exceeded the maximum allowed size (limit: ${error.limit} bytes)`);
      return bolt.buildNoBodyResponse(res, 413);
    }
    r.logger.warn(`Failed to parse and verify the request data: ${(error as Error).message}`);
    return bolt.buildNoBodyResponse(res, 401);
  }
  const text = buffered.rawBody.toString();
  const form = req.headers["content-type"] === FORM ? parseForm(text) : null;
  // Slack's SSL check is unsigned: answered here, whatever else the body holds.
  if (form?.ssl_check === "1") return bolt.buildSSLCheckResponse(res);
  if (r.signatureVerification) {
    try {
      verifyRequestSignature({
        signingSecret: r.signingSecret,
        rawBody: buffered.rawBody,
        signature: req.headers["x-slack-signature"],
        timestamp: req.headers["x-slack-request-timestamp"],
        nowMs: Date.now(),
      });
    } catch (error) {
      r.logger.warn(`Failed to parse and verify the request data: ${(error as Error).message}`);
      return bolt.buildNoBodyResponse(res, 401);
    }
  }
  // biome-ignore lint/suspicious/noExplicitAny: a Slack payload, typed by Bolt's middleware downstream
  let body: any;
  try {
    body = form ? (typeof form.payload === "string" ? JSON.parse(form.payload) : form) : JSON.parse(text);
  } catch (error) {
    r.logger.warn(`Malformed request body: ${(error as Error).message}`);
    return bolt.buildNoBodyResponse(res, 400);
  }
  if (body?.ssl_check === "1") return bolt.buildSSLCheckResponse(res);
  if (body?.type === "url_verification") return bolt.buildUrlVerificationResponse(res, body);
  const ack = new HTTPResponseAck({
    logger: r.logger,
    processBeforeResponse: r.processBeforeResponse,
    unhandledRequestHandler: r.unhandledRequestHandler,
    unhandledRequestTimeoutMillis: r.unhandledRequestTimeoutMillis,
    httpRequest: buffered,
    httpRequestBody: body,
    httpResponse: res,
  });
  const event: ReceiverEvent = {
    body,
    ack: ack.bind(),
    retryNum: bolt.extractRetryNumFromHTTPRequest(req),
    retryReason: bolt.extractRetryReasonFromHTTPRequest(req),
    customProperties: r.customPropertiesExtractor(buffered),
  };
  try {
    await r.app?.processEvent(event);
    if (ack.storedResponse !== undefined) bolt.buildContentResponse(res, ack.storedResponse);
  } catch (error) {
    const acknowledged = await r.processEventErrorHandler({
      error: error as Error,
      logger: r.logger,
      request: req,
      response: res,
      storedResponse: ack.storedResponse,
    });
    if (acknowledged) ack.ack();
  }
}
