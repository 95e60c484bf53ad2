/** The non-API endpoints of the fake: file upload URLs and response URLs, plus reply helpers. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { mediaType, parseMultipart } from "./http-body.js";
import { checkMessageContent } from "./methods/context.js";
import type { Workspace } from "./state.js";
import type { Args, RejectedResponse, ResponseRecord } from "./types.js";

const RESPONSE_URL_MAX_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60_000;

export interface ResponseLog {
  responses: ResponseRecord[];
  rejected: RejectedResponse[];
}

/** POST of file bytes to an upload URL from files.getUploadURLExternal (raw or multipart, as Slack accepts). */
export function handleUpload(
  ws: Workspace,
  fileId: string,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
): void {
  const file = ws.files.get(fileId);
  if (!file || file.completed) {
    send(res, 404, "file_not_found");
    return;
  }
  const contentType = req.headers["content-type"] ?? "";
  let bytes = body;
  if (mediaType(contentType) === "multipart/form-data") {
    const parts = parseMultipart(body, contentType);
    const part = parts.find((p) => p.filename !== undefined) ?? parts[0];
    bytes = part?.data ?? Buffer.alloc(0);
  }
  file.bytes = bytes;
  send(res, 200, `OK - ${bytes.length}`);
}

/**
 * POST of JSON to a minted response URL: 5 uses within 30 minutes (then 404 `used_url`/`expired_url`),
 * 400 for invalid JSON or blocks (not counted as a use). Accepted posts go to `log.responses`.
 */
export function handleResponseUrl(
  ws: Workspace,
  log: ResponseLog,
  id: string,
  url: URL,
  body: Buffer,
  res: ServerResponse,
): void {
  const at = Date.now();
  const record = { id, url: url.toString(), at };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    parsed = body.toString("utf8");
  }
  const reject = (status: number, reason: string) => {
    log.rejected.push({ ...record, body: parsed, status, reason });
    send(res, status, reason);
  };
  const entry = ws.responseUrls.get(id);
  if (!entry) {
    reject(404, "no_service");
    return;
  }
  if (ws.now() - entry.mintedAt > RESPONSE_URL_TTL_MS) {
    reject(404, "expired_url");
    return;
  }
  if (entry.uses >= RESPONSE_URL_MAX_USES) {
    reject(404, "used_url");
    return;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    reject(400, "invalid_payload");
    return;
  }
  const bad = checkMessageContent(parsed as Args, false);
  if (bad) {
    reject(400, bad.error ?? "invalid_payload");
    return;
  }
  entry.uses++;
  log.responses.push({ ...record, body: parsed });
  send(res, 200, "ok");
}

export function send(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}
