/**
 * User stories: the backlog's unit of work. Pure types and rules, no Slack or SQL.
 */

/** Story points teams estimate with (Fibonacci). `null` on a story means "not estimated". */
export const STORY_POINTS = [1, 2, 3, 5, 8, 13, 21] as const;
export type StoryPoints = (typeof STORY_POINTS)[number];

export const PRIORITIES = ["critical", "high", "medium", "low"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
};

export const STORY_STATUSES = ["new", "ready", "in_progress", "done"] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];
export const STATUS_LABELS: Record<StoryStatus, string> = {
  new: "New",
  ready: "Ready",
  in_progress: "In progress",
  done: "Done",
};

/** Limits on user input, shared by validation and the modal's `max_length`s. */
export const STORY_LIMITS = {
  title: 150,
  persona: 150,
  want: 1000,
  benefit: 1000,
  criteriaText: 3000,
  criterion: 500,
  criteria: 20,
  labelsText: 300,
  label: 30,
  labels: 10,
} as const;

export interface Story {
  id: number;
  teamId: string;
  /** Per-workspace number shown to people as "#12". */
  number: number;
  title: string;
  persona: string;
  want: string;
  benefit: string;
  acceptanceCriteria: string[];
  estimate: StoryPoints | null;
  priority: Priority;
  status: StoryStatus;
  /** Sparse ordering key; lower is higher in the backlog. Positions are derived, never stored. */
  rank: number;
  labels: string[];
  createdBy: string;
  sourcePermalink: string | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  /** The product goal / feature this story serves (absent = not loaded or not linked). */
  goalId?: number | null;
  featureId?: number | null;
}

/** What a person fills in to create (or later edit) a story. Already validated and normalised. */
export interface StoryDraft {
  title: string;
  persona: string;
  want: string;
  benefit: string;
  acceptanceCriteria: string[];
  estimate: StoryPoints | null;
  priority: Priority;
  labels: string[];
  sourcePermalink?: string | null;
}

/** A story with its 1-based position in the active backlog. */
export interface BacklogEntry {
  story: Story;
  position: number;
}

export function isStoryPoints(n: number): n is StoryPoints {
  return (STORY_POINTS as readonly number[]).includes(n);
}

/**
 * "As a PO, I want to sort, so that …" — lower-cases nothing, adds nothing the user didn't write.
 * Missing parts are left out rather than rendered as blanks.
 */
export function userStorySentence(s: Pick<Story, "persona" | "want" | "benefit">): string {
  const parts: string[] = [];
  if (s.persona) parts.push(`As ${withArticle(s.persona)}`);
  if (s.want) parts.push(`I want to ${stripLeading(s.want, /^(i want to|to)\s+/i)}`);
  if (s.benefit) parts.push(`so that ${stripLeading(s.benefit, /^so that\s+/i)}`);
  if (parts.length === 0) return "";
  // Parts left empty are omitted (only the title is required): "I want to export, so that …".
  const joined = parts.join(", ");
  const sentence = joined.charAt(0).toUpperCase() + joined.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** "product owner" → "a product owner"; keeps "an admin", "the PO" and names as typed. */
function withArticle(persona: string): string {
  const p = stripLeading(persona, /^as\s+/i);
  if (/^(a|an|the)\s/i.test(p)) return p;
  return startsWithVowelSound(p) ? `an ${p}` : `a ${p}`;
}

/**
 * "an" goes by sound, not letter: "a user", "a UX designer", "a one-person team" but "an admin",
 * "an hourly worker", "an SRE" (a capital letter read as its name: "ess-are-ee").
 */
function startsWithVowelSound(word: string): boolean {
  if (/^(uni|use|usi|usu|uti|ure|eu|ew|one|once|ux\b)/i.test(word) || /^U[A-Z]/.test(word)) return false;
  if (/^(hour|honest|honou?r|heir)/i.test(word)) return true;
  if (/^[FHLMNRSX][A-Z]/.test(word)) return true; // an FAQ editor, an SRE, an HR manager
  return /^[aeiou]/i.test(word);
}

function stripLeading(text: string, pattern: RegExp): string {
  return text.replace(pattern, "");
}
