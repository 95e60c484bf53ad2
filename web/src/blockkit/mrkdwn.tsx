import type { ReactNode } from "react";
import { formatSlackDate } from "./dates.js";
import { EMOJI_AT_START, emojiFor } from "./emoji.js";
import type { RenderContext } from "./types.js";

/**
 * Slack mrkdwn to React nodes. Everything ends up as text nodes or a few fixed elements: no HTML
 * is ever parsed, so a story titled "<script>" shows those characters, and `<!channel>` shows as
 * an inert "@channel" label. Rules follow Slack's formatting reference: `<…>` is a control
 * sequence (mentions, links, dates), `&lt; &gt; &amp;` are the only entities, `*_~` style a span
 * only at word boundaries and within one line, nothing is styled inside `code`.
 */

/** An inline piece; `at` is its offset in the source line, its identity as a React key. */
type Inline = { at: number } & (
  | { kind: "text"; text: string }
  | { kind: "b" | "i" | "s"; children: Inline[] }
  | { kind: "code"; text: string }
  | { kind: "token"; body: string }
  | { kind: "emoji"; name: string; raw: string }
);

const STYLE_KIND = { "*": "b", _: "i", "~": "s" } as const;
const WORD = /[\p{L}\p{N}]/u;

/** Slack's three entities; one pass, so "&amp;lt;" becomes the text "&lt;". */
export function decodeEntities(s: string): string {
  return s.replace(/&(lt|gt|amp);/g, (_, e: string) => (e === "lt" ? "<" : e === "gt" ? ">" : "&"));
}

const isWordAt = (s: string, i: number) => i >= 0 && i < s.length && WORD.test(s[i] ?? "");

/** Index of the closing style marker for an opener at `open`, or -1. */
function closingMarker(s: string, open: number, marker: string): number {
  for (let j = open + 2; j < s.length; j++) {
    const c = s[j];
    if (c === "\n") return -1;
    if (c === "<") {
      const end = s.indexOf(">", j);
      if (end < 0) return -1;
      j = end;
      continue;
    }
    if (c === marker && !/\s/.test(s[j - 1] ?? "") && !isWordAt(s, j + 1)) return j;
  }
  return -1;
}

/** Parses one run of inline mrkdwn (no code blocks, no quotes). */
export function parseInline(s: string, base = 0): Inline[] {
  const out: Inline[] = [];
  let text = "";
  let textAt = base;
  const flush = () => {
    if (text) out.push({ at: textAt, kind: "text", text });
    text = "";
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === "<") {
      const end = s.indexOf(">", i + 1);
      if (end > i + 1) {
        flush();
        out.push({ at: base + i, kind: "token", body: s.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    } else if (c === "`") {
      const end = s.indexOf("`", i + 1);
      if (end > i + 1 && !s.slice(i + 1, end).includes("\n")) {
        flush();
        out.push({ at: base + i, kind: "code", text: s.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    } else if (c === "*" || c === "_" || c === "~") {
      const next = s[i + 1];
      if (!isWordAt(s, i - 1) && next !== undefined && !/\s/.test(next) && next !== c) {
        const end = closingMarker(s, i, c);
        if (end > 0) {
          flush();
          out.push({
            at: base + i,
            kind: STYLE_KIND[c],
            children: parseInline(s.slice(i + 1, end), base + i + 1),
          });
          i = end + 1;
          continue;
        }
      }
    } else if (c === ":") {
      const m = EMOJI_AT_START.exec(s.slice(i, i + 80));
      if (m && emojiFor(m[1] as string)) {
        flush();
        out.push({ at: base + i, kind: "emoji", name: m[1] as string, raw: m[0] });
        i += m[0].length;
        continue;
      }
    }
    if (!text) textAt = base + i;
    text += c;
    i++;
  }
  flush();
  return out;
}

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/** One `<…>` control sequence as React: mention, broadcast, date or link. */
function renderToken(body: string, ctx: RenderContext, key: number): ReactNode {
  const bar = body.indexOf("|");
  const target = bar >= 0 ? body.slice(0, bar) : body;
  const label = bar >= 0 ? decodeEntities(body.slice(bar + 1)) : "";
  if (target.startsWith("@")) {
    const id = target.slice(1);
    return (
      <span key={key} className="bk-mention" data-user-id={id}>
        @{ctx.userName(id) || label || id}
      </span>
    );
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    return (
      <span key={key} className="bk-mention" data-channel-id={id}>
        #{ctx.channelName(id) || label || id}
      </span>
    );
  }
  if (target.startsWith("!")) {
    const [command = "", ...args] = target.slice(1).split("^");
    if (command === "here" || command === "channel" || command === "everyone") {
      return (
        <span key={key} className="bk-mention bk-broadcast">
          @{command}
        </span>
      );
    }
    if (command === "subteam") {
      return (
        <span key={key} className="bk-mention">
          {label || `@${args[0] ?? "group"}`}
        </span>
      );
    }
    if (command === "date") {
      const formatted = formatSlackDate(Number(args[0]), args[1] ?? "", ctx);
      return (
        <span key={key} className="bk-date">
          {formatted ?? label}
        </span>
      );
    }
    return <span key={key}>{label || target}</span>;
  }
  const url = decodeEntities(target);
  if (SAFE_URL.test(url)) {
    return (
      <a key={key} href={url} target="_blank" rel="noopener noreferrer">
        {label || url}
      </a>
    );
  }
  // Not a link Slack would make (e.g. "javascript:"): show its words, never an href.
  return <span key={key}>{label || url}</span>;
}

const BARE_URL = /\bhttps?:\/\/[^\s<>|]+[^\s<>|.,;:!?)'"]/g;

/**
 * Plain text with bare http(s) URLs as links, as Slack links them in mrkdwn (without `verbatim`).
 * Trailing punctuation stays text: "see https://x.com/a." links "https://x.com/a".
 */
function linkify(raw: string, key: number): ReactNode {
  const text = decodeEntities(raw);
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(BARE_URL)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(
      <a key={`${key}:${m.index}`} href={m[0]} target="_blank" rel="noopener noreferrer">
        {m[0]}
      </a>,
    );
    last = m.index + m[0].length;
  }
  if (parts.length === 0) return text;
  if (last < text.length) parts.push(text.slice(last));
  return <span key={key}>{parts}</span>;
}

function renderInline(nodes: Inline[], ctx: RenderContext): ReactNode[] {
  return nodes.map((n) => {
    const k = n.at;
    switch (n.kind) {
      case "text":
        return linkify(n.text, k);
      case "b":
        return <b key={k}>{renderInline(n.children, ctx)}</b>;
      case "i":
        return <i key={k}>{renderInline(n.children, ctx)}</i>;
      case "s":
        return <s key={k}>{renderInline(n.children, ctx)}</s>;
      case "code":
        return (
          <code key={k} className="bk-code">
            {decodeEntities(n.text)}
          </code>
        );
      case "emoji":
        return (
          <span key={k} className="bk-emoji" role="img" aria-label={n.name}>
            {emojiFor(n.name)}
          </span>
        );
      case "token":
        return renderToken(n.body, ctx, k);
    }
    return null;
  });
}

const QUOTE_LINE = /^(?:>|&gt;) ?/;
const LIST_LINE = /^\s*(?:[•◦▪‣-]|\d{1,3}[.)])\s/;

/** One line's inline content (a non-breaking space keeps an empty line's height). */
const lineContent = (line: string, ctx: RenderContext) =>
  line ? renderInline(parseInline(line), ctx) : "\u00a0";

/** Lines of text with quotes grouped; list-like lines get a hanging indent. */
function renderLines(text: string, ctx: RenderContext, keyBase: string): ReactNode[] {
  const out: ReactNode[] = [];
  const lines = text.split("\n");
  let quote: ReactNode[] = [];
  const flushQuote = (n: number) => {
    if (quote.length === 0) return;
    out.push(
      <blockquote key={`${keyBase}q${n}`} className="bk-quote">
        {quote}
      </blockquote>,
    );
    quote = [];
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as string;
    const rest = /^(?:>>>|&gt;&gt;&gt;) ?/.exec(line);
    if (rest) {
      // ">>>" quotes everything after it, to the end of the text.
      const quoted = [line.slice(rest[0].length), ...lines.slice(n + 1)];
      for (let m = 0; m < quoted.length; m++) {
        quote.push(<div key={`${keyBase}r${n + m}`}>{lineContent(quoted[m] as string, ctx)}</div>);
      }
      break;
    }
    const q = QUOTE_LINE.exec(line);
    if (q) {
      quote.push(<div key={`${keyBase}l${n}`}>{lineContent(line.slice(q[0].length), ctx)}</div>);
      continue;
    }
    flushQuote(n);
    const cls = LIST_LINE.test(line) ? "bk-line bk-list-line" : "bk-line";
    out.push(
      <div key={`${keyBase}l${n}`} className={cls}>
        {lineContent(line, ctx)}
      </div>,
    );
  }
  flushQuote(lines.length);
  return out;
}

/** Renders a mrkdwn string: code blocks, quotes, lines, inline styles, mentions, links, emoji. */
export function renderMrkdwn(text: string, ctx: RenderContext): ReactNode[] {
  const out: ReactNode[] = [];
  const parts = text.split("```");
  // An odd number of fences leaves the last one literal, as Slack does.
  const closed = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p] as string;
    if (p % 2 === 1 && p < closed) {
      out.push(
        <pre key={`p${p}`} className="bk-pre">
          {decodeEntities(part.replace(/^\n/, "").replace(/\n$/, ""))}
        </pre>,
      );
    } else {
      const literal = p % 2 === 1 ? `\`\`\`${part}` : part;
      const trimmed = p > 0 ? literal.replace(/^\n/, "") : literal;
      const body = p < parts.length - 1 ? trimmed.replace(/\n$/, "") : trimmed;
      if (body || parts.length === 1) out.push(...renderLines(body, ctx, `t${p}`));
    }
  }
  return out;
}

/** `<Mrkdwn text ctx />`: one mrkdwn text object's contents. */
export function Mrkdwn({ text, ctx }: { text: string; ctx: RenderContext }) {
  return <div className="bk-mrkdwn">{renderMrkdwn(text, ctx)}</div>;
}
