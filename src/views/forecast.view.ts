/**
 * Forecast wording for people outside the team: dates with their probability, never one falsely
 * precise date; "not enough history yet" instead of an invented one; and a note when unestimated
 * items were counted at the median story size.
 */
import type { KnownBlock } from "@slack/types";
import type { CompletionForecast, ForecastResult, ItemForecast } from "../domain/forecast/index.js";
import { STATUS_LABELS, type StoryStatus } from "../domain/story.js";
import type { StoryForecast } from "../services/forecast.service.js";
import { formatDay, formatPoints, md, mrkdwnSafe, ours, pluralise, truncate } from "./format.js";
import type { SlackMessage } from "./message.js";

/**
 * "2026-01-16" → "Fri 16 Jan 2026" (the one date style of `formatDay`); with `today`, the year
 * only when it differs ("Fri 16 Jan" read in 2026). Same on every server: no locale.
 */
export function formatPlainDate(date: string, today?: string): string {
  return today ? formatDay(date, today) : `${formatDay(date)} ${date.slice(0, 4)}`;
}

/**
 * "Sun 20 Dec 2026", or with sprints "the sprint ending Sun 20 Dec 2026": a future sprint has
 * no name yet, so it is never a bare "sprint 4" (the current one may be *named* Sprint 4).
 */
function when(c: CompletionForecast, withSprint: boolean): string {
  if (c.kind === "beyond_horizon") return "not in the foreseeable future";
  const date = formatPlainDate(c.endDate);
  return withSprint ? `the sprint ending ${date}` : date;
}

/** "50% by 2 Jan 2026 · 85% by 16 Jan 2026 · 95% by 30 Jan 2026" (or one date when they agree). */
export function forecastDates(item: ItemForecast, opts: { withSprint?: boolean } = {}): string {
  const withSprint = opts.withSprint ?? false;
  const { p50, p85, p95 } = item;
  const same = (a: CompletionForecast, b: CompletionForecast) =>
    a.kind === b.kind && (a.kind === "beyond_horizon" || (b.kind === "by_sprint" && a.sprint === b.sprint));
  if (same(p50, p95)) {
    return p95.kind === "beyond_horizon"
      ? "Not in the foreseeable future at the team's current pace"
      : `Done by ${when(p95, withSprint)} (95% likely)`;
  }
  return `50% by ${when(p50, withSprint)} · 85% by ${when(p85, withSprint)} · 95% by ${when(p95, withSprint)}`;
}

/** Why there are no dates, in plain words; null when `result` has dates. */
export function noForecastReason(result: ForecastResult): string | null {
  switch (result.kind) {
    case "forecast":
      return null;
    case "insufficient_history":
      return `Not enough history yet: dates appear once the team has finished ${result.sprintsNeeded} sprints (${result.sprintsAvailable} so far).`;
    case "zero_velocity":
      return "No dates yet: the team's recent sprints finished no estimated work.";
    case "no_estimates":
      return "No dates yet: none of the upcoming items has a size estimate.";
  }
}

/** "Counts 2 unestimated items (up to here) at 5 points each, the team's median story size." */
export function medianNote(result: ForecastResult, medianCount: number): string | null {
  if (result.kind !== "forecast" || medianCount === 0 || result.medianStorySize === null) return null;
  return `Counts ${pluralise(medianCount, "unestimated item")} up to here at ${formatPoints(result.medianStorySize)} each, the median story size.`;
}

/** One item's forecast line for the digest: the dates plus the median note, or the reason for none. */
export function forecastLine(result: ForecastResult, item: ItemForecast | null, medianCount: number): string {
  const reason = noForecastReason(result);
  if (reason) return reason;
  if (!item) return "";
  const note = medianNote(result, medianCount);
  return note ? `${forecastDates(item)}. ${note}` : forecastDates(item);
}

/** `/forecast <number>`: one story. */
export function storyForecastMessage(f: StoryForecast): SlackMessage {
  const title = `#${f.story.number} ${mrkdwnSafe(f.story.title, 200)}`;
  const section = (text: string): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text } });
  if (f.kind === "done") {
    return { text: md`#${f.story.number} is done`, blocks: [section(`✅ *${title}* is already done.`)] };
  }
  if (f.kind === "archived") {
    return {
      text: md`#${f.story.number} is no longer in the backlog`,
      blocks: [section(`🗑️ *${title}* was removed from the backlog, so it has no forecast.`)],
    };
  }
  const { result } = f.forecast;
  const item = result.kind === "forecast" ? (result.items.find((i) => i.id === f.story.id) ?? null) : null;
  const status = STATUS_LABELS[f.story.status as StoryStatus] ?? f.story.status;
  const lines = [
    `*${title}*`,
    `Position ${f.backlogPosition} in the backlog · ${pluralise(f.queuePosition - 1, "open item")} ahead of it · ${status}`,
  ];
  const reason = noForecastReason(result);
  if (reason) lines.push(`📅 ${reason}`);
  else if (item) {
    lines.push(`📅 ${forecastDates(item, { withSprint: true })}`);
    const note = medianNote(result, f.forecast.medianCountUpTo(f.story.id));
    if (note) lines.push(`_${note}_`);
  }
  const footer =
    result.kind === "forecast"
      ? `Simulated ${result.trials.toLocaleString("en-US")} times from the team's last ${pluralise(result.sprintsUsed, "finished sprint")}; each date is the last day of a sprint at the team's usual sprint length.`
      : "Forecasts simulate the team's own pace in past sprints many thousands of times.";
  return {
    text: truncate(
      md`Forecast for #${f.story.number}: ${ours(reason ?? (item ? forecastDates(item) : ""))}`,
      3000,
    ),
    blocks: [section(lines.join("\n")), { type: "context", elements: [{ type: "mrkdwn", text: footer }] }],
  };
}
