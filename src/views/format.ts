import { READINESS_CHECK_SHORT, type Readiness } from "../domain/readiness.js";
import { formatDayForPeople } from "../domain/schedule/local-date.js";

/**
 * Text helpers for Block Kit. Slack mrkdwn treats `&`, `<` and `>` as control characters:
 * `<!channel>` pings everyone and `<@U123>` mentions someone. Escaping them is what
 * stops a story titled "<!channel> urgent" from paging the whole channel.
 *
 * The one rule (docs/development-user-text.md): text that may be parsed as mrkdwn (block
 * `mrkdwn` text, a message's `text` fallback, a file's `initial_comment`) is a {@link Mrkdwn}.
 * A `Mrkdwn` is made only by {@link mrkdwnSafe} (escapes what a person typed), {@link md} (a
 * template whose literal parts are ours and whose holes accept only `Mrkdwn` or numbers), or
 * the reference helpers {@link userRef}, {@link channelRef}, {@link link}, which check their ids.
 * A plain `string` is not assignable to `Mrkdwn`, so typed text cannot reach those fields raw.
 */

declare const mrkdwnBrand: unique symbol;
/** Text safe for Slack to parse as mrkdwn: anything a person typed in it is escaped. */
export type Mrkdwn = string & { readonly [mrkdwnBrand]: true };

/** Text that is not mrkdwn yet; escaping mrkdwn twice would show "&amp;lt;" to people. */
export type Raw = string & { readonly [mrkdwnBrand]?: never };

/** Escapes user text for a mrkdwn field (Slack's documented escaping). */
export function escapeMrkdwn(text: Raw): Mrkdwn {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") as Mrkdwn;
}

/**
 * Mrkdwn from a template: literal parts are the app's own markup; every hole must already be
 * `Mrkdwn` (typed text goes through {@link mrkdwnSafe} first) or a number.
 *
 * @example md`*${mrkdwnSafe(sprint.name, 80)}* started: ${days} days` // a typed "<!here>" shows as text
 */
export function md(parts: TemplateStringsArray, ...holes: (Mrkdwn | number)[]): Mrkdwn {
  return parts.reduce(
    (out, part, i) => out + part + (i < holes.length ? String(holes[i]) : ""),
    "",
  ) as Mrkdwn;
}

/** Lines (or any pieces) of mrkdwn joined; the result stays mrkdwn. */
export function joinMrkdwn(pieces: readonly Mrkdwn[], separator = "\n"): Mrkdwn {
  return pieces.join(separator) as Mrkdwn;
}

/** Text the app wrote itself (no typed text in it), e.g. a constant help line. */
export function ours(text: string): Mrkdwn {
  return text as Mrkdwn;
}

const USER_ID = /^[UWB][A-Z0-9]+$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]+$/;

/** `<@U123>` for a real Slack user id; anything else is shown escaped, never as a mention. */
export function userRef(id: string | null | undefined): Mrkdwn {
  return id && USER_ID.test(id) ? (`<@${id}>` as Mrkdwn) : escapeMrkdwn(id || "someone");
}

/** `<#C123>` for a real Slack channel id; anything else is shown escaped. */
export function channelRef(id: string): Mrkdwn {
  return CHANNEL_ID.test(id) ? (`<#${id}>` as Mrkdwn) : escapeMrkdwn(id);
}

/**
 * `<https://…|label>` when `url` is a plain http(s) URL; otherwise the escaped URL as text, so a
 * typed "!channel" or "@U123" never becomes `<!channel|…>`.
 */
export function link(url: string, label: Mrkdwn): Mrkdwn {
  if (!/^https?:\/\/[^\s<>|]+$/i.test(url)) return md`${escapeMrkdwn(url)} (${label})`;
  return `<${url.replace(/&/g, "&amp;")}|${label}>` as Mrkdwn;
}

/**
 * Shortens to at most `max` UTF-16 units (what Slack's limits count), ending with "…",
 * never splitting a surrogate pair (an emoji cut in half renders as garbage). Cutting mrkdwn
 * keeps it mrkdwn: a cut can leave "&am…" but never creates a `<`.
 */
export function truncate<T extends string>(text: T, max: number): T extends Mrkdwn ? Mrkdwn : string;
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // don't end on a high surrogate
  return `${text.slice(0, cut)}…`;
}

/** Escape, then truncate so the *escaped* text fits (escaping lengthens text). */
export function mrkdwnSafe(text: Raw, max: number): Mrkdwn {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  // Truncate the raw text until its escaped form fits; avoids cutting "&amp;" in half.
  let raw = truncate(text, max);
  while (escapeMrkdwn(raw).length > max && raw.length > 1) raw = truncate(raw, raw.length - 1);
  return escapeMrkdwn(raw);
}

/** Plain-text objects aren't mrkdwn-parsed, so they only need to fit. */
export function plain(text: string, max: number) {
  return { type: "plain_text" as const, text: truncate(text || " ", max), emoji: true };
}

/** "1 card", "3 cards". `one`/`many` are the app's own words (never typed text), so the result is mrkdwn. */
export function pluralise(n: number, one: string, many = `${one}s`): Mrkdwn {
  return `${n} ${n === 1 ? one : many}` as Mrkdwn;
}

/** Joins lines into chunks of at most `max` characters (a single over-long line is truncated). */
export function packLines<T extends string>(lines: T[], max: number): T[] {
  const chunks: string[] = [];
  let current = "";
  for (const raw of lines) {
    const line = truncate(raw as string, max);
    const next = current ? `${current}\n\n${line}` : line;
    if (next.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = next;
    }
  }
  if (current) chunks.push(current);
  return chunks as T[]; // joined and cut pieces of mrkdwn are still mrkdwn (see truncate)
}

/** The one date style for people ("Wed 2 Dec"; see `formatDayForPeople`). */
export function formatDay(localDate: string, today?: string): Mrkdwn {
  return ours(formatDayForPeople(localDate, today));
}

/** Story points for people: "1 pt", "5 pts", "0 pts". */
export function formatPoints(n: number): Mrkdwn {
  return ours(`${n} ${n === 1 ? "pt" : "pts"}`);
}

/**
 * The one readiness line: "ready to plan", or "2 of 7 checks missing: benefit, estimate"
 * ("checks", never "points": story points are estimates).
 */
export function readinessSummary(r: Pick<Readiness, "ready" | "points" | "missing">): Mrkdwn {
  if (r.ready) return ours("ready to plan");
  const names = r.missing.map((p) => READINESS_CHECK_SHORT[p.id]).join(", ");
  return ours(`${r.missing.length} of ${pluralise(r.points.length, "check")} missing: ${names}`);
}
