/**
 * Hostile text for "typed text is shown, never executed" tests, and the scan that proves it.
 *
 * The hostile ids are markers the app never uses itself (`UHOSTILE…`, `CHOSTILE…`, `SHOSTILE…`,
 * `hostile.example`, `PREESC`), so the app's own mentions of real people (`<@U0PO>`) stay allowed.
 */

/** Mentions, links and a pre-escaped `&lt;`, as someone could type them. */
export const HOSTILE_MARKERS = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<!channel|channel>",
  "<!subteam^SHOSTILE1>",
  "<!subteam^SHOSTILE2|@devs>",
  "<@UHOSTILE1>",
  "<@UHOSTILE2|boss>",
  "<#CHOSTILE1>",
  "<#CHOSTILE2|general>",
  "<http://hostile.example|y>",
  "<https://hostile.example/a?b=1&c=2>",
  "&lt;PREESC&gt;",
] as const;

/** Text around the markers: markdown, control characters, RTL, emoji, non-Latin, stray `&`/`<`. */
export const HOSTILE_DECORATIONS = [
  "",
  "*bold* _it_ ~s~ `code` ```block```",
  "\u0007\u001b[31mred\u007f",
  "\u202Eevil\u202C مرحبا",
  "😀👩🏽‍💻🇩🇪",
  "長い日本語",
  "> quoted",
  "AT&T <b>",
] as const;

/** Every marker with some decoration, in one line. */
export const HOSTILE_LINE = HOSTILE_MARKERS.map(
  (m, i) => `${HOSTILE_DECORATIONS[i % HOSTILE_DECORATIONS.length]}${m}`,
).join(" ");

/** Hostile text of exactly `length` UTF-16 units (markers repeated, emoji included). */
export function hostileText(length: number): string {
  let s = "";
  while (s.length < length) s += `${HOSTILE_LINE} `;
  s = s.slice(0, length);
  // Never end on half an emoji: the app never receives lone surrogates from Slack.
  return /[\ud800-\udbff]$/.test(s) ? `${s.slice(0, -1)}x` : s;
}

/** A live mention or link made of hostile text (and `&lt;` typed but left unescaped). */
export const LIVE_MARKER =
  /<(?:!channel|!here|!everyone|!subteam\^|@UHOSTILE|#CHOSTILE|https?:\/\/hostile)|&lt;PREESC/i;
/** A marker shown escaped, as text: proof the typed text did reach the surface. */
export const SHOWN_MARKER =
  /&lt;(?:!channel|!here|!everyone|!subteam\^|@UHOSTILE|#CHOSTILE|https?:\/\/hostile)|&amp;lt;PREESC/i;

/** Keys whose strings Slack never parses as mrkdwn (returned to the app, or plain input values). */
const NOT_MRKDWN = new Set(["value", "initial_value", "private_metadata", "alt_text", "filename", "title"]);

/**
 * Every place in a payload (message, view, Web API arguments, response_url body) where hostile text
 * is live, as `path: excerpt`. `plain_text` objects are shown literally by Slack and skipped; strings
 * holding JSON (form-encoded `blocks`) are parsed and scanned. `shown.n` counts escaped markers.
 */
export function liveMarkers(payload: unknown, path = "$", shown = { n: 0 }): string[] {
  if (typeof payload === "string") {
    const trimmed = payload.trim();
    if ((trimmed.startsWith("[") || trimmed.startsWith("{")) && trimmed.length > 1) {
      try {
        return liveMarkers(JSON.parse(trimmed), path, shown);
      } catch {
        // not JSON: scan as text
      }
    }
    if (SHOWN_MARKER.test(payload)) shown.n++;
    const m = LIVE_MARKER.exec(payload);
    return m ? [`${path}: …${payload.slice(Math.max(0, m.index - 20), m.index + 40)}…`] : [];
  }
  if (Array.isArray(payload)) return payload.flatMap((x, i) => liveMarkers(x, `${path}[${i}]`, shown));
  if (payload && typeof payload === "object") {
    const o = payload as Record<string, unknown>;
    if (o.type === "plain_text") return [];
    return Object.entries(o).flatMap(([k, v]) =>
      NOT_MRKDWN.has(k) && typeof v === "string" ? [] : liveMarkers(v, `${path}.${k}`, shown),
    );
  }
  return [];
}
