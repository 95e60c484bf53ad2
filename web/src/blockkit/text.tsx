import { emojify } from "./emoji.js";
import { Mrkdwn } from "./mrkdwn.js";
import type { RenderContext } from "./types.js";
import { isObj } from "./validate.js";

/** A plain_text object's words: shortcodes become emoji unless `emoji: false`. */
export function plainText(t: unknown): string {
  if (!isObj(t) || typeof t.text !== "string") return "";
  return t.emoji === false ? t.text : emojify(t.text);
}

/** A text object (plain_text or mrkdwn) as React. */
export function TextView({ t, ctx }: { t: unknown; ctx: RenderContext }) {
  if (!isObj(t) || typeof t.text !== "string") return null;
  if (t.type === "mrkdwn") return <Mrkdwn text={t.text} ctx={ctx} />;
  return <span className="bk-plain">{plainText(t)}</span>;
}

/**
 * The URL an <img> may load: the host's mapping, or a local (relative, data:, blob:) URL as is.
 * A remote URL without a mapping (or mapped to "") is not loaded: the page loads nothing from the
 * internet.
 */
export function imageSrc(url: unknown, ctx: RenderContext): string | null {
  if (typeof url !== "string") return null;
  if (ctx.imageUrl) return ctx.imageUrl(url) || null;
  return /^(data:image\/|blob:|\/(?!\/)|\.\.?\/)/i.test(url) ? url : null;
}

/** An image, or a framed placeholder with its alt text when it may not be loaded. */
export function ImageView({
  url,
  alt,
  ctx,
  className,
}: {
  url: unknown;
  alt: string;
  ctx: RenderContext;
  className: string;
}) {
  const src = imageSrc(url, ctx);
  if (!src) {
    return (
      <span className={`${className} bk-image-placeholder`} role="img" aria-label={alt}>
        {alt}
      </span>
    );
  }
  return <img className={className} src={src} alt={alt} />;
}
