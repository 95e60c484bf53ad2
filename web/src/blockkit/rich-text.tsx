import type { ReactNode } from "react";
import { emojiFor } from "./emoji.js";
import { positioned } from "./positioned.js";
import type { RenderContext } from "./types.js";
import { isObj, type Json } from "./validate.js";

/**
 * The rich_text block: sections, lists (bullet/ordered, nested by indent), quotes and
 * preformatted text; inline text styles, links, user/channel/usergroup mentions, broadcasts and
 * emoji. All of it as text nodes; links only for http(s)/mailto.
 */
const SAFE_URL = /^(https?:\/\/|mailto:)/i;

function styled(node: ReactNode, style: unknown, key: string): ReactNode {
  if (!isObj(style)) return <span key={key}>{node}</span>;
  let out = node;
  if (style.code) out = <code className="bk-code">{out}</code>;
  if (style.strike) out = <s>{out}</s>;
  if (style.italic) out = <i>{out}</i>;
  if (style.bold) out = <b>{out}</b>;
  return <span key={key}>{out}</span>;
}

function inline(e: unknown, ctx: RenderContext, key: string): ReactNode {
  if (!isObj(e)) return null;
  switch (e.type) {
    case "text":
      return styled(String(e.text ?? ""), e.style, key);
    case "link": {
      const url = String(e.url ?? "");
      const label = typeof e.text === "string" && e.text ? e.text : url;
      const node = SAFE_URL.test(url) ? (
        <a href={url} target="_blank" rel="noopener noreferrer">
          {label}
        </a>
      ) : (
        label
      );
      return styled(node, e.style, key);
    }
    case "user":
      return styled(<span className="bk-mention">@{ctx.userName(String(e.user_id))}</span>, e.style, key);
    case "channel":
      return styled(
        <span className="bk-mention">#{ctx.channelName(String(e.channel_id))}</span>,
        e.style,
        key,
      );
    case "usergroup":
      return styled(<span className="bk-mention">@{String(e.usergroup_id)}</span>, e.style, key);
    case "broadcast":
      return styled(<span className="bk-mention bk-broadcast">@{String(e.range)}</span>, e.style, key);
    case "emoji": {
      const name = String(e.name ?? "");
      const ch = typeof e.unicode === "string" ? codepoints(e.unicode) : emojiFor(name);
      return (
        <span key={key} className="bk-emoji" role="img" aria-label={name}>
          {ch ?? `:${name}:`}
        </span>
      );
    }
    case "date":
      return <span key={key}>{String(e.fallback ?? e.timestamp ?? "")}</span>;
    default:
      return null;
  }
}

/** "1f44d" or "1f468-200d-1f4bb" → the emoji; undefined when malformed. */
function codepoints(hex: string): string | undefined {
  const cps = hex.split("-").map((h) => Number.parseInt(h, 16));
  if (cps.some((n) => !Number.isInteger(n) || n < 0 || n > 0x10ffff)) return undefined;
  return String.fromCodePoint(...cps);
}

const inlines = (els: unknown, ctx: RenderContext) =>
  Array.isArray(els) ? positioned(els).map(({ key, item }) => inline(item, ctx, key)) : null;

const BULLETS = ["•", "◦", "▪"];

function RichTextList({ list, ctx }: { list: Json; ctx: RenderContext }) {
  const indent = typeof list.indent === "number" ? list.indent : 0;
  const items = Array.isArray(list.elements) ? list.elements : [];
  const ordered = list.style === "ordered";
  const start = (typeof list.offset === "number" ? list.offset : 0) + 1;
  const children = positioned(items).map(({ key, item }) => (
    <li key={key} data-bullet={ordered ? undefined : BULLETS[indent % 3]}>
      {isObj(item) ? inlines(item.elements, ctx) : null}
    </li>
  ));
  const cls = `bk-rt-list bk-rt-indent-${Math.min(indent, 8)}${list.border ? " bk-rt-border" : ""}`;
  return ordered ? (
    <ol className={cls} start={start}>
      {children}
    </ol>
  ) : (
    <ul className={cls}>{children}</ul>
  );
}

export function RichText({ block, ctx }: { block: Json; ctx: RenderContext }) {
  const parts = Array.isArray(block.elements) ? block.elements : [];
  return (
    <div className="bk-rich-text">
      {positioned(parts).map(({ key: k, item: part }) => {
        if (!isObj(part)) return null;
        switch (part.type) {
          case "rich_text_section":
            return (
              <div key={k} className="bk-rt-section">
                {inlines(part.elements, ctx)}
              </div>
            );
          case "rich_text_list":
            return <RichTextList key={k} list={part} ctx={ctx} />;
          case "rich_text_quote":
            return (
              <blockquote key={k} className="bk-quote">
                {inlines(part.elements, ctx)}
              </blockquote>
            );
          case "rich_text_preformatted":
            return (
              <pre key={k} className="bk-pre">
                {inlines(part.elements, ctx)}
              </pre>
            );
          default:
            return null;
        }
      })}
    </div>
  );
}
