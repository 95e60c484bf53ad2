/**
 * Definition of Ready: what a story needs before a sprint may take it, checked as a list of
 * points (each met or not, with a reason), plus INVEST hints where a rule can tell.
 * Pure: a story and the team's settings in, a checklist out.
 */
import type { Story } from "./story.js";

export const READINESS_CHECKS = [
  "persona",
  "want",
  "benefit",
  "acceptance_criteria",
  "estimated",
  "size_limit",
  "no_open_questions",
] as const;
export type ReadinessCheckId = (typeof READINESS_CHECKS)[number];

export const READINESS_CHECK_LABELS: Record<ReadinessCheckId, string> = {
  persona: "Says who it is for (persona)",
  want: "Says what they want to do",
  benefit: "Says why (so that …)",
  acceptance_criteria: "Has at least one acceptance criterion",
  estimated: "Is estimated",
  size_limit: "Is small enough",
  no_open_questions: "Has no open questions",
};

/** One or two words per check, for one-line summaries: "2 of 7 checks missing: benefit, estimate". */
export const READINESS_CHECK_SHORT: Record<ReadinessCheckId, string> = {
  persona: "persona",
  want: "want",
  benefit: "benefit",
  acceptance_criteria: "acceptance criteria",
  estimated: "estimate",
  size_limit: "size",
  no_open_questions: "open questions",
};

/**
 * Where a story stands, from its status and the ONE readiness result (`checkReadiness` with the
 * team's settings): every surface (digest, /backlog, Home, sprint planning) says the same thing.
 * A story marked ready whose checks now fail (the team tightened its Definition of Ready) is not ready.
 */
export type StoryStage = "done" | "in_progress" | "ready" | "not_ready";
export function stageOf(story: Pick<Story, "status">, readiness: Pick<Readiness, "ready">): StoryStage {
  if (story.status === "done") return "done";
  if (story.status === "in_progress") return "in_progress";
  return readiness.ready ? "ready" : "not_ready";
}

/** A team's Definition of Ready. */
export interface ReadinessSettings {
  /** The largest estimate a ready story may have (points). */
  sizeLimit: number;
  /** Checks the team switched off. */
  disabled: readonly ReadinessCheckId[];
}

export const DEFAULT_READINESS: ReadinessSettings = { sizeLimit: 8, disabled: [] };

export interface ReadinessPoint {
  id: ReadinessCheckId;
  label: string;
  met: boolean;
  /** What is missing, in words a PO acts on (only when not met). */
  missing?: string;
}

/** INVEST in words: a hint names the quality it is about, never a bare letter. */
export const INVEST_WORDS: Record<InvestHint["letter"], string> = {
  I: "Independent",
  N: "Negotiable",
  V: "Valuable",
  E: "Estimable",
  S: "Small",
  T: "Testable",
};

export interface InvestHint {
  letter: "I" | "N" | "V" | "E" | "S" | "T";
  text: string;
}

export interface Readiness {
  ready: boolean;
  points: ReadinessPoint[];
  /** Points not met, in checklist order. */
  missing: ReadinessPoint[];
  hints: InvestHint[];
}

type ReadinessStory = Pick<
  Story,
  "persona" | "want" | "benefit" | "acceptanceCriteria" | "estimate" | "title"
>;

// A line that asks something: ends with "?", or starts with "TBD", "TODO", "Q:", "open question".
const QUESTION_LINE = /\?\s*$|^\s*(?:tbd|todo|q:|open questions?\b)/i;

/** Lines of the story text that read as unanswered questions. */
export function openQuestions(
  story: Pick<Story, "want" | "benefit" | "acceptanceCriteria" | "title">,
): string[] {
  const lines = [
    story.title,
    ...story.want.split("\n"),
    ...story.benefit.split("\n"),
    ...story.acceptanceCriteria,
  ];
  return lines.map((l) => l.trim()).filter((l) => l.length > 0 && QUESTION_LINE.test(l));
}

/** Checks `story` against the team's Definition of Ready. */
export function checkReadiness(
  story: ReadinessStory,
  settings: ReadinessSettings = DEFAULT_READINESS,
): Readiness {
  const questions = openQuestions(story);
  const estimate = story.estimate;
  const results: Record<ReadinessCheckId, string | null> = {
    persona: story.persona.trim() ? null : "the persona (“As a …”) is empty",
    want: story.want.trim() ? null : "what they want (“I want to …”) is empty",
    benefit: story.benefit.trim() ? null : "the benefit (“so that …”) is empty",
    acceptance_criteria: story.acceptanceCriteria.length > 0 ? null : "no acceptance criteria yet",
    estimated: estimate !== null ? null : "not estimated",
    size_limit:
      estimate === null
        ? "can't tell the size before it is estimated"
        : estimate <= settings.sizeLimit
          ? null
          : `${estimate} points is over the team's limit of ${settings.sizeLimit}: split it`,
    no_open_questions:
      questions.length === 0
        ? null
        : `open question${questions.length === 1 ? "" : "s"}: “${truncateWords(questions[0] ?? "", 80)}”${
            questions.length > 1 ? ` and ${questions.length - 1} more` : ""
          }`,
  };
  const points: ReadinessPoint[] = READINESS_CHECKS.filter((id) => !settings.disabled.includes(id)).map(
    (id) => {
      const missing = results[id];
      return missing === null
        ? { id, label: READINESS_CHECK_LABELS[id], met: true }
        : { id, label: READINESS_CHECK_LABELS[id], met: false, missing };
    },
  );
  const missing = points.filter((p) => !p.met);
  return { ready: missing.length === 0, points, missing, hints: investHints(story, settings) };
}

/** INVEST hints a rule can check; advice, never blocking. */
export function investHints(
  story: ReadinessStory,
  settings: ReadinessSettings = DEFAULT_READINESS,
): InvestHint[] {
  const hints: InvestHint[] = [];
  const text = `${story.title}\n${story.want}\n${story.acceptanceCriteria.join("\n")}`;
  if (/\b(depends on|blocked by|after #\d+|requires #\d+)\b/i.test(text))
    hints.push({ letter: "I", text: "Mentions a dependency: can it be done on its own?" });
  if (/\b(must use|implemented with|using (?:react|postgres|redis|kafka|sql))\b/i.test(story.want))
    hints.push({
      letter: "N",
      text: "Prescribes the solution in the want: describe the need, leave room to negotiate how.",
    });
  if (!story.benefit.trim()) hints.push({ letter: "V", text: "No “so that”: whose value does it deliver?" });
  if (story.estimate === null)
    hints.push({ letter: "E", text: "Not estimated yet: bring it to refinement or /poker." });
  if (
    (story.estimate ?? 0) > settings.sizeLimit ||
    story.acceptanceCriteria.length > 8 ||
    /\band\b.*\band\b/i.test(story.title)
  )
    hints.push({
      letter: "S",
      text: "Looks big (estimate, many criteria or “and … and” in the title): consider splitting.",
    });
  const vague = story.acceptanceCriteria.filter((c) =>
    /\b(fast|easy|user[- ]friendly|nice|better|etc\.?)\b/i.test(c),
  );
  if (story.acceptanceCriteria.length === 0)
    hints.push({ letter: "T", text: "No acceptance criteria: how will we know it is done?" });
  else if (vague.length > 0)
    hints.push({
      letter: "T",
      text: `“${truncateWords(vague[0] ?? "", 60)}” is hard to test: make it measurable.`,
    });
  return hints;
}

function truncateWords(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
