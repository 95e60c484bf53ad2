import type { RenderContext } from "./types.js";

/**
 * `<!date^1700000000^{date_short_pretty} {time}|fallback>` as Slack shows it to the viewer, in the
 * viewer's time zone (ctx.timeZone, else the browser's). Returns undefined for a bad timestamp so
 * the caller shows the fallback text, as Slack does.
 */
export function formatSlackDate(unix: number, format: string, ctx: RenderContext): string | undefined {
  if (!Number.isFinite(unix) || !format) return undefined;
  const at = new Date(unix * 1000);
  const timeZone = ctx.timeZone?.();
  const fmt = (o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat("en-US", { timeZone, ...o }).format(at);
  const dayKey = (d: Date) =>
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
      d,
    );
  const pretty = (fallback: string) => {
    const now = ctx.now?.() ?? Date.now();
    const day = dayKey(at);
    if (day === dayKey(new Date(now))) return "today";
    if (day === dayKey(new Date(now + 86_400_000))) return "tomorrow";
    if (day === dayKey(new Date(now - 86_400_000))) return "yesterday";
    return fallback;
  };
  const ordinal = (n: number) => {
    const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
    return `${n}${s}`;
  };
  const day = Number(fmt({ day: "numeric" }));
  const long = `${fmt({ month: "long" })} ${ordinal(day)}, ${fmt({ year: "numeric" })}`;
  const short = fmt({ month: "short", day: "numeric", year: "numeric" });
  const tokens: Record<string, () => string> = {
    date_num: () => dayKey(at),
    date_slash: () => fmt({ month: "2-digit", day: "2-digit", year: "numeric" }),
    date_long: () => `${fmt({ weekday: "long" })}, ${long}`,
    date_long_full: () => `${fmt({ weekday: "long" })}, ${long}`,
    date_long_pretty: () => pretty(`${fmt({ weekday: "long" })}, ${long}`),
    date: () => long,
    date_pretty: () => pretty(long),
    date_short: () => short,
    date_short_pretty: () => pretty(short),
    time: () => fmt({ hour: "numeric", minute: "2-digit" }),
    time_secs: () => fmt({ hour: "numeric", minute: "2-digit", second: "2-digit" }),
  };
  let failed = false;
  const out = format.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const f = tokens[name];
    if (!f) {
      failed = true;
      return whole;
    }
    return f();
  });
  return failed ? undefined : out;
}
