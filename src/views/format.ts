import { READINESS_CHECK_SHORT, type Readiness } from "../domain/readiness.js";
import { formatDayForPeople } from "../domain/schedule/local-date.js";

/**
 * Text helpers for Block Kit. Slack mrkdwn treats `&`, `<` and `>` as control characters:
 * `<!channel>` pings everyone and `<@U123>` mentions someone. Escaping them is what
 * stops a story titled "<!channel> urgent" from paging the whole channel.
 */

/** Escapes user text for a mrkdwn field (Slack's documented escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Shortens to at most `max` UTF-16 units (what Slack's limits count), ending with "…",
 * never splitting a surrogate pair (an emoji cut in half renders as garbage).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // don't end on a high surrogate
  return `${text.slice(0, cut)}…`;
}

/** Escape, then truncate so the *escaped* text fits (escaping lengthens text). */
export function mrkdwnSafe(text: string, max: number): string {
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

export function pluralise(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Joins lines into chunks of at most `max` characters (a single over-long line is truncated). */
export function packLines(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const raw of lines) {
    const line = truncate(raw, max);
    const next = current ? `${current}\n\n${line}` : line;
    if (next.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = next;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** The one date style for people ("Wed 2 Dec"; see `formatDayForPeople`). */
export const formatDay = formatDayForPeople;

/** Story points for people: "1 pt", "5 pts", "0 pts". */
export function formatPoints(n: number): string {
  return `${n} ${n === 1 ? "pt" : "pts"}`;
}

/**
 * The one readiness line: "ready to plan", or "2 of 7 checks missing: benefit, estimate"
 * ("checks", never "points": story points are estimates).
 */
export function readinessSummary(r: Pick<Readiness, "ready" | "points" | "missing">): string {
  if (r.ready) return "ready to plan";
  const names = r.missing.map((p) => READINESS_CHECK_SHORT[p.id]).join(", ");
  return `${r.missing.length} of ${pluralise(r.points.length, "check")} missing: ${names}`;
}
