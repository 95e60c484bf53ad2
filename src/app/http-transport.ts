/**
 * The transport under every outgoing Slack call (`slack-fetch.ts`): `fetch` semantics over undici's
 * `request()` with one kept-alive connection pool per origin.
 *
 * Why not the global `fetch` (which is undici too): its WHATWG layer (web streams, Request/Response
 * wrapping, abort plumbing) cost about 0.9 ms of CPU per call here against about 0.15 ms for the
 * same request through the lower-level API, on the one event loop where acks wait (bench:ack: one
 * Slack call per request). undici is the maintained HTTP client Node's own fetch is built on.
 *
 * What it covers: string, bytes and URLSearchParams bodies (every Web API call and response_url
 * post the app makes), `signal`, and `redirect: "error"` (WebClient's). Anything else (a
 * `Request` input, a FormData or stream body, a redirect to follow) goes to the global `fetch`.
 */
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { Agent, errors, request } from "undici";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 204, 205, 304]);

export function createHttpTransport(
  fallback: typeof globalThis.fetch = globalThis.fetch,
): typeof globalThis.fetch {
  const dispatcher = new Agent();

  return async (input, init = {}) => {
    if (input instanceof Request) return fallback(input, init);
    const body = encodeBody(init.body);
    if (body === undefined) return fallback(input, init);
    const url = input instanceof URL ? input : new URL(input);
    if (url.protocol !== "http:" && url.protocol !== "https:") return fallback(input, init);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    if (body.type && !headers["content-type"]) headers["content-type"] = body.type;
    const send = () =>
      request(url, {
        method: (init.method ?? "GET") as "GET",
        headers,
        body: body.bytes,
        signal: init.signal ?? undefined,
        dispatcher,
      });
    let answer: Awaited<ReturnType<typeof request>>;
    try {
      try {
        answer = await send();
      } catch (error) {
        // A kept-alive connection the server closed just as it was reused: send once more on a
        // fresh one (Node's documented pattern for keep-alive; undici retries only idempotent calls).
        if (!(error instanceof errors.SocketError) || init.signal?.aborted) throw error;
        answer = await send();
      }
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason;
      throw new TypeError("fetch failed", { cause: error }); // as fetch rejects
    }
    const responseHeaders = new Headers();
    for (const [key, value] of Object.entries(answer.headers)) {
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
        responseHeaders.append(key, v);
    }
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    if (REDIRECTS.has(answer.statusCode) && responseHeaders.has("location")) {
      if (init.redirect === "error")
        throw new TypeError(`unexpected redirect from ${url.origin}${url.pathname}`);
      if (init.redirect !== "manual") return fallback(input, init);
    }
    const content = NULL_BODY.has(answer.statusCode)
      ? null
      : decode(bytes, responseHeaders.get("content-encoding"));
    return new BufferedResponse(content, answer.statusCode, responseHeaders, url.href) as unknown as Response;
  };
}

/**
 * A `Response` whose body is already in memory. `new Response(bytes)` wraps them in a web
 * `ReadableStream` (a transferable object) that `text()` then reads back chunk by chunk: ~5% of
 * the app's busy time in a `bench:ack` profile (docs/performance.md). What callers read (WebClient:
 * status, headers, url, text/arrayBuffer; Bolt's respond: ok, status, statusText) comes straight
 * from the buffer; anything else (`body` as a stream, `formData`, `blob`) from a real `Response`
 * made on first use.
 */
class BufferedResponse {
  readonly ok: boolean;
  readonly statusText = "";
  readonly redirected = false;
  readonly type = "basic";
  private used = false;
  private real: Response | undefined;

  constructor(
    private readonly content: Buffer | null,
    readonly status: number,
    readonly headers: Headers,
    readonly url: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  get bodyUsed(): boolean {
    return this.used || (this.real?.bodyUsed ?? false);
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.content === null ? null : this.asResponse().body;
  }

  private take(): Buffer {
    if (this.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    this.used = true;
    return this.content ?? Buffer.alloc(0);
  }

  private asResponse(): Response {
    this.real ??= new Response(this.content, { status: this.status, headers: this.headers });
    return this.real;
  }

  async text(): Promise<string> {
    return this.take().toString("utf8");
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  blob(): Promise<Blob> {
    return this.asResponse().blob();
  }

  formData(): Promise<FormData> {
    return this.asResponse().formData();
  }

  clone(): BufferedResponse {
    if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
    return new BufferedResponse(this.content, this.status, this.headers, this.url);
  }
}

/** The body as bytes (and the content type `fetch` would add); undefined when not supported here. */
function encodeBody(body: RequestInit["body"]): { bytes: Buffer | null; type: string | null } | undefined {
  if (body === undefined || body === null) return { bytes: null, type: null };
  if (typeof body === "string") return { bytes: Buffer.from(body), type: "text/plain;charset=UTF-8" };
  if (body instanceof URLSearchParams)
    return { bytes: Buffer.from(body.toString()), type: "application/x-www-form-urlencoded;charset=UTF-8" };
  if (body instanceof Uint8Array)
    return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength), type: null };
  if (body instanceof ArrayBuffer) return { bytes: Buffer.from(body), type: null };
  return undefined;
}

/** fetch decodes compressed answers; nothing here asks for them, but a server may send them anyway. */
function decode(body: Buffer, encoding: string | null): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return gunzipSync(body);
    case "deflate":
      return inflateSync(body);
    case "br":
      return brotliDecompressSync(body);
    default:
      return body;
  }
}
