/**
 * Product goals: the long-term objective with success metrics that backlog items serve.
 * Pure types, parsing and validation.
 */
import { ValidationError } from "../lib/errors.js";
import { cleanLine, cleanText } from "./story.schema.js";

export const GOAL_STATUSES = ["active", "achieved", "dropped"] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  active: "Active",
  achieved: "Achieved",
  dropped: "Dropped",
};

export const GOAL_LIMITS = {
  statement: 300,
  metricsText: 3000,
  metric: 200,
  target: 100,
  metrics: 10,
} as const;

export interface GoalMetric {
  name: string;
  /** "40%", "< 2 s", "1,000 users"; null when the metric has no target yet. */
  target: string | null;
  /** Where it stood when the goal was set ("2.1%"); absent when not given. */
  baseline?: string | null;
  /** The latest known value; absent until someone records it (editing the goal). */
  current?: string | null;
}

export interface Goal {
  id: number;
  teamId: string;
  /** Per-team number shown as "G3". */
  number: number;
  statement: string;
  metrics: GoalMetric[];
  status: GoalStatus;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface GoalDraft {
  statement: string;
  metrics: GoalMetric[];
  status: GoalStatus;
}

const KEYWORDS = {
  baseline: /^(?:baseline|from|was|started at)\b\s*:?\s*(.+)$/i,
  current: /^(?:now|current(?:ly)?|today)\b\s*:?\s*(.+)$/i,
  target: /^(?:target|goal|to)\b\s*:?\s*(.+)$/i,
} as const;
// Parts are split on "·" or ";", and on a comma only before a keyword ("1,000 users" stays whole).
const PART_SPLIT =
  /\s*[·;]\s*|,\s+(?=(?:baseline|from|was|started at|now|current|currently|today|target|goal|to)\b)/i;

/** "baseline 2.1% · now 3% · target 4%", "2.1% → 4%" or "4%" → the values of one metric. */
function metricValues(rest: string): Omit<GoalMetric, "name"> {
  const values: { baseline?: string; current?: string; target?: string } = {};
  for (const part of rest
    .split(PART_SPLIT)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const keyword = (Object.keys(KEYWORDS) as (keyof typeof KEYWORDS)[]).find((k) => KEYWORDS[k].test(part));
    if (keyword) {
      values[keyword] = (part.match(KEYWORDS[keyword])?.[1] ?? "").trim();
      continue;
    }
    const arrow = part.match(/^(.+?)\s*(?:→|->|=>)\s*(.+)$/);
    if (arrow) {
      values.baseline ??= (arrow[1] ?? "").trim();
      values.target ??= (arrow[2] ?? "").trim();
    } else values.target ??= part;
  }
  return {
    target: values.target || null,
    ...(values.baseline ? { baseline: values.baseline } : {}),
    ...(values.current ? { current: values.current } : {}),
  };
}

/**
 * One metric per line: a name, then its values after ":" (or a target after "→").
 * "Checkout conversion: baseline 2.1% · now 3% · target 4%" = all three;
 * "Checkout conversion: 2.1% → 4%" = baseline and target; "Activation rate → 40%" and
 * "Checkout time: < 2 s" = a target only; "NPS" = a name only. Bullets are dropped.
 */
export function parseMetricLine(line: string): GoalMetric | null {
  const text = line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, "").trim();
  if (!text) return null;
  const colon = text.match(/^(.*?)(?:\s+target)?:\s+(.+)$/i);
  if (colon && (colon[1] ?? "").trim())
    return { name: (colon[1] ?? "").trim(), ...metricValues(colon[2] ?? "") };
  const arrow = text.match(/^(.*?)\s*(?:→|->|=>)\s*(.*)$/);
  if (arrow && (arrow[1] ?? "").trim()) {
    return { name: (arrow[1] ?? "").trim(), target: (arrow[2] ?? "").trim() || null };
  }
  return { name: text, target: null };
}

/** A stored metric (JSON) back to a `GoalMetric`; null when it has no name. */
export function metricFromJson(raw: unknown): GoalMetric | null {
  const m = (raw ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (v == null || v === "" ? null : String(v));
  const name = text(m.name);
  if (name === null) return null;
  const baseline = text(m.baseline);
  const current = text(m.current);
  return {
    name,
    target: text(m.target),
    ...(baseline ? { baseline } : {}),
    ...(current ? { current } : {}),
  };
}

/** Validates `/goal` form input; field keys: statement, metrics, status. */
export function parseGoalForm(input: {
  statement?: string | null;
  metrics?: string | null;
  status?: string | null;
}): GoalDraft {
  const errors: Record<string, string> = {};
  const statement = cleanLine(input.statement);
  if (!statement) errors.statement = "Please write the goal's statement.";
  else if (statement.length > GOAL_LIMITS.statement)
    errors.statement = `Keep the statement under ${GOAL_LIMITS.statement} characters.`;
  const metrics = cleanText(input.metrics)
    .split("\n")
    .map(parseMetricLine)
    .filter((m): m is GoalMetric => m !== null);
  if (metrics.length > GOAL_LIMITS.metrics)
    errors.metrics = `At most ${GOAL_LIMITS.metrics} metrics per goal.`;
  else if (
    metrics.some(
      (m) =>
        m.name.length > GOAL_LIMITS.metric ||
        [m.target, m.baseline, m.current].some((v) => (v?.length ?? 0) > GOAL_LIMITS.target),
    )
  )
    errors.metrics = `Each metric must be under ${GOAL_LIMITS.metric} characters (baseline, now and target under ${GOAL_LIMITS.target} each).`;
  const statusRaw = cleanLine(input.status).toLowerCase() || "active";
  if (!(GOAL_STATUSES as readonly string[]).includes(statusRaw))
    errors.status = `Status must be one of ${GOAL_STATUSES.join(", ")}.`;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { statement, metrics, status: statusRaw as GoalStatus };
}

/**
 * A metric for people, every value labelled so a target never reads as the current value:
 * "Checkout conversion: baseline 2.1% · now 3% · target 4%", "Activation rate: target 40%", "NPS".
 * The same text is what the goal form shows, and `parseMetricLine` reads it back.
 */
export function formatMetric(m: GoalMetric): string {
  const parts = [
    m.baseline ? `baseline ${m.baseline}` : "",
    m.current ? `now ${m.current}` : "",
    m.target ? `target ${m.target}` : "",
  ].filter(Boolean);
  return parts.length > 0 ? `${m.name}: ${parts.join(" · ")}` : m.name;
}
