/**
 * Features (epics): a capability that groups stories and moves through six development stages.
 * Moves are recorded with who and when; any stage may be reached from any other (teams go back
 * from validation to prototype), but "next" walks the order.
 */
import { ValidationError } from "../lib/errors.js";
import { cleanLine } from "./story.schema.js";

export const FEATURE_STAGES = [
  "idea",
  "definition",
  "prototype",
  "initial_design",
  "validation",
  "launch",
] as const;
export type FeatureStage = (typeof FEATURE_STAGES)[number];

export const FEATURE_STAGE_LABELS: Record<FeatureStage, string> = {
  idea: "Idea",
  definition: "Definition",
  prototype: "Prototype",
  initial_design: "Initial design",
  validation: "Validation & testing",
  launch: "Launch",
};

export const FEATURE_LIMITS = { title: 150 } as const;

export interface Feature {
  id: number;
  teamId: string;
  /** Per-team number shown as "F2". */
  number: number;
  title: string;
  goalId: number | null;
  stage: FeatureStage;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface StageMove {
  from: FeatureStage | null;
  to: FeatureStage;
  by: string;
  at: Date;
}

export function isFeatureStage(s: string): s is FeatureStage {
  return (FEATURE_STAGES as readonly string[]).includes(s);
}

/** The stage after `stage`, or null at launch. */
export function nextStage(stage: FeatureStage): FeatureStage | null {
  const i = FEATURE_STAGES.indexOf(stage);
  return FEATURE_STAGES[i + 1] ?? null;
}

/** "Prototype (3 of 6)" */
export function stageProgress(stage: FeatureStage): string {
  return `${FEATURE_STAGE_LABELS[stage]} (${FEATURE_STAGES.indexOf(stage) + 1} of ${FEATURE_STAGES.length})`;
}

export function parseFeatureTitle(raw: string | null | undefined): string {
  const title = cleanLine(raw);
  if (!title) throw new ValidationError({ title: "Please give the feature a title." });
  if (title.length > FEATURE_LIMITS.title)
    throw new ValidationError({ title: `Keep the title under ${FEATURE_LIMITS.title} characters.` });
  return title;
}
