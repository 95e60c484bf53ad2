/**
 * Export/import records for stories (issue 5 "Export / import"). Pure: a `Story` becomes a
 * flat record (what CSV and JSON files hold); a raw record from a file is validated with the
 * same rules as the story modal (`parseStoryForm`) plus the fields only an import sets.
 * Round trip: export → import into an empty team → export gives the same records.
 */
import { ValidationError } from "../lib/errors.js";
import { STORY_STATUSES, type Story, type StoryDraft, type StoryStatus } from "./story.js";
import { parseStoryForm } from "./story.schema.js";

/** Column order of CSV files; JSON records have the same keys. */
export const STORY_RECORD_COLUMNS = [
  "number",
  "position",
  "title",
  "persona",
  "want",
  "benefit",
  "acceptance_criteria",
  "estimate",
  "priority",
  "status",
  "labels",
  "created_by",
  "created_at",
  "updated_at",
  "archived_at",
  "source_permalink",
] as const;
export type StoryRecordColumn = (typeof STORY_RECORD_COLUMNS)[number];

export interface StoryRecord {
  number: number;
  /** 1-based backlog position; null for archived stories. */
  position: number | null;
  title: string;
  persona: string;
  want: string;
  benefit: string;
  acceptance_criteria: string[];
  estimate: number | null;
  priority: string;
  status: string;
  labels: string[];
  created_by: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  source_permalink: string | null;
}

export function toStoryRecord(story: Story, position: number | null): StoryRecord {
  return {
    number: story.number,
    position,
    title: story.title,
    persona: story.persona,
    want: story.want,
    benefit: story.benefit,
    acceptance_criteria: story.acceptanceCriteria,
    estimate: story.estimate,
    priority: story.priority,
    status: story.status,
    labels: story.labels,
    created_by: story.createdBy,
    created_at: story.createdAt.toISOString(),
    updated_at: story.updatedAt.toISOString(),
    archived_at: story.archivedAt ? story.archivedAt.toISOString() : null,
    source_permalink: story.sourcePermalink,
  };
}

/** A validated row, ready to insert. `number` null = assign the next free number. */
export interface ImportedStory {
  number: number | null;
  position: number | null;
  draft: StoryDraft;
  status: StoryStatus;
  createdBy: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  archivedAt: Date | null;
}

export interface RejectedRow {
  /** 1-based data row (the header is not counted). */
  row: number;
  reasons: string[];
}

const text = (v: unknown): string =>
  v === null || v === undefined ? "" : typeof v === "string" ? v : String(v);
const list = (v: unknown, sep: string): string => (Array.isArray(v) ? v.map(text).join(sep) : text(v));

function isoOrNull(v: unknown, field: string, reasons: string[]): Date | null {
  const s = text(v).trim();
  if (s === "") return null;
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || Number.isNaN(d.getTime())) {
    reasons.push(`${field}: "${s.slice(0, 40)}" is not an ISO-8601 date-time (e.g. 2026-11-28T10:00:00Z)`);
    return null;
  }
  return d;
}

function positiveIntOrNull(v: unknown, field: string, reasons: string[]): number | null {
  const s = text(v).trim().replace(/^#/, "");
  if (s === "") return null;
  if (!/^\d{1,9}$/.test(s) || Number(s) < 1) {
    reasons.push(`${field}: "${s.slice(0, 20)}" is not a positive whole number`);
    return null;
  }
  return Number(s);
}

/**
 * Validates one raw record (CSV strings or JSON values). Returns the reasons it is rejected
 * (every problem at once), or the story to import.
 */
export function parseStoryRecord(raw: Record<string, unknown>): ImportedStory | { reasons: string[] } {
  const reasons: string[] = [];
  const unknownColumns = Object.keys(raw).filter(
    (k) => !(STORY_RECORD_COLUMNS as readonly string[]).includes(k),
  );
  if (unknownColumns.length > 0) reasons.push(`unknown column(s): ${unknownColumns.join(", ")}`);

  let draft: StoryDraft | null = null;
  try {
    draft = parseStoryForm({
      title: text(raw.title),
      persona: text(raw.persona),
      want: text(raw.want),
      benefit: text(raw.benefit),
      acceptanceCriteria: list(raw.acceptance_criteria, "\n"),
      estimate: text(raw.estimate),
      priority: text(raw.priority),
      labels: list(raw.labels, ","),
    });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const [field, message] of Object.entries(error.fieldErrors)) reasons.push(`${field}: ${message}`);
  }

  const statusText = text(raw.status).trim().toLowerCase() || "new";
  const status = (STORY_STATUSES as readonly string[]).includes(statusText)
    ? (statusText as StoryStatus)
    : null;
  if (!status)
    reasons.push(`status: "${statusText.slice(0, 20)}" is not one of ${STORY_STATUSES.join(", ")}`);

  const createdBy = text(raw.created_by).trim();
  if (createdBy !== "" && !/^[UWB][A-Z0-9]{2,20}$/.test(createdBy)) {
    reasons.push(`created_by: "${createdBy.slice(0, 20)}" is not a Slack user id (e.g. U012ABC)`);
  }
  const permalink = text(raw.source_permalink).trim();
  if (permalink !== "" && !/^https:\/\/\S+$/.test(permalink)) {
    reasons.push("source_permalink: must be an https:// link");
  }
  const number = positiveIntOrNull(raw.number, "number", reasons);
  const position = positiveIntOrNull(raw.position, "position", reasons);
  const createdAt = isoOrNull(raw.created_at, "created_at", reasons);
  const updatedAt = isoOrNull(raw.updated_at, "updated_at", reasons);
  const archivedAt = isoOrNull(raw.archived_at, "archived_at", reasons);

  if (reasons.length > 0 || !draft || !status) return { reasons };
  return {
    number,
    position,
    draft: { ...draft, sourcePermalink: permalink || null },
    status,
    createdBy: createdBy || null,
    createdAt,
    updatedAt,
    archivedAt,
  };
}
