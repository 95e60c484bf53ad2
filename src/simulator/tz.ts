/** Slack's `tz`/`tz_label`/`tz_offset` user fields, computed with Intl for a given instant. */

export interface TzFields {
  tz: string;
  tz_label: string;
  /** Seconds east of UTC at `at`, DST included (what Slack returns). */
  tz_offset: number;
}

/** @throws RangeError for a zone Intl does not know (so `addUser` fails fast on typos). */
export function tzFields(tz: string, at: number): TzFields {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  const wallAsUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  const wholeSecond = Math.floor(at / 1000) * 1000;
  const label =
    new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "long" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? tz;
  return { tz, tz_label: label, tz_offset: Math.round((wallAsUtc - wholeSecond) / 1000) };
}
