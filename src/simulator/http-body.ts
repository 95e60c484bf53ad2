import type { IncomingMessage } from "node:http";
import type { Args } from "./types.js";

/**
 * Form fields that @slack/web-api serialises as JSON strings (it JSON-encodes every non-scalar
 * argument); parsed back so handlers and tests see objects. Other fields stay strings, because a
 * `text` of "[1]" must not turn into an array.
 */
const JSON_FIELDS = new Set([
  "attachments",
  "blocks",
  "files",
  "metadata",
  "unfurls",
  "user_auth_blocks",
  "view",
]);

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The media type without parameters, lower-cased. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export interface MultipartPart {
  name: string;
  filename: string | undefined;
  data: Buffer;
}

/** Minimal multipart/form-data parser: enough for what fetch's FormData produces. */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundaryText = m?.[1] ?? m?.[2];
  if (!boundaryText) return [];
  const boundary = Buffer.from(`--${boundaryText}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(boundary);
  while (pos !== -1) {
    const afterBoundary = pos + boundary.length;
    if (body.subarray(afterBoundary, afterBoundary + 2).toString() === "--") break;
    const start = afterBoundary + 2; // skip CRLF
    const next = body.indexOf(boundary, start);
    if (next === -1) break;
    const part = body.subarray(start, next - 2); // drop the CRLF that precedes the next boundary
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? "";
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      parts.push({ name, filename, data: Buffer.from(part.subarray(headerEnd + 4)) });
    }
    pos = next;
  }
  return parts;
}

export class InvalidBodyError extends Error {}

/**
 * Decodes a Web API request body (form, JSON or multipart) merged over query-string arguments.
 * @throws InvalidBodyError for unparseable JSON (the fake answers `invalid_json`, like Slack).
 */
export function parseApiArgs(body: Buffer, contentType: string | undefined, query: URLSearchParams): Args {
  const args: Args = {};
  const put = (key: string, value: string) => {
    args[key] = JSON_FIELDS.has(key) ? tryJson(value) : value;
  };
  for (const [k, v] of query) put(k, v);
  const type = mediaType(contentType);
  if (type === "application/json") {
    if (body.length === 0) return args;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw new InvalidBodyError("invalid_json");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new InvalidBodyError("invalid_json");
    }
    Object.assign(args, parsed);
  } else if (type === "multipart/form-data") {
    for (const part of parseMultipart(body, contentType ?? "")) {
      if (part.filename !== undefined) args[part.name] = part.data;
      else put(part.name, part.data.toString("utf8"));
    }
  } else {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) put(k, v);
  }
  return args;
}

/** Leaves the string as is when it is not JSON, so handlers can answer `invalid_blocks_format`. */
function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
