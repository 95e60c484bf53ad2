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

/**
 * One metric per line; an optional target after "→", "->", "target:" or a final ":".
 * "Activation rate → 40%" = {Activation rate, 40%}; "NPS" = {NPS, null};
 * "Checkout time: < 2 s" = {Checkout time, < 2 s}. Bullets are dropped.
 */
export function parseMetricLine(line: string): GoalMetric | null {
  const text = line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, "").trim();
  if (!text) return null;
  const arrow = text.match(/^(.*?)\s*(?:→|->|=>|\btarget:)\s*(.*)$/i);
  const colon = arrow ? null : text.match(/^(.*?):\s+(.+)$/);
  const m = arrow ?? colon;
  if (m) {
    const name = (m[1] ?? "").trim();
    const target = (m[2] ?? "").trim();
    if (name) return { name, target: target || null };
  }
  return { name: text, target: null };
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
    metrics.some((m) => m.name.length > GOAL_LIMITS.metric || (m.target?.length ?? 0) > GOAL_LIMITS.target)
  )
    errors.metrics = `Each metric must be under ${GOAL_LIMITS.metric} characters (target under ${GOAL_LIMITS.target}).`;
  const statusRaw = cleanLine(input.status).toLowerCase() || "active";
  if (!(GOAL_STATUSES as readonly string[]).includes(statusRaw))
    errors.status = `Status must be one of ${GOAL_STATUSES.join(", ")}.`;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { statement, metrics, status: statusRaw as GoalStatus };
}

/** "Activation rate → 40%" */
export function formatMetric(m: GoalMetric): string {
  return m.target ? `${m.name} → ${m.target}` : m.name;
}
