/**
 * The product owner's `/backlog` subcommands: `archived [page]`, `suggest`, `method [m]`,
 * `size [points]`, `ready <#n>`, `score <#n> …`. Never throws, except `parseScoreArgs`, whose
 * `ValidationError` names the syntax to use (the global handler shows it privately).
 */
import { MOSCOW_CATEGORIES, PRIORITY_METHODS, type PriorityMethod } from "../../domain/priority/index.js";
import { cleanLine } from "../../domain/story.schema.js";
import { ValidationError } from "../../lib/errors.js";

const SUBCOMMANDS = /^\s*(archived|suggest|method|size|score|ready)\b/i;

/** True when `/backlog` text is one of the PO subcommands (not a search). */
export function isPoArgs(text: string): boolean {
  return SUBCOMMANDS.test(text);
}

export type PoArgs =
  | { kind: "archived"; page: number }
  | { kind: "suggest" }
  /** `method` alone or with a word that is no method: show the current one. */
  | { kind: "method"; method: PriorityMethod | null | undefined }
  /** `size` alone: show the limit (`points` undefined); else the service validates the number. */
  | { kind: "size"; points: number | undefined }
  | { kind: "ready"; storyNumber: number | null }
  /** The values after the story number are read once the team's method is known (`parseScoreArgs`). */
  | { kind: "score"; storyNumber: number | null; values: string[] }
  | { kind: "none" };

/** `#12` or `12` → 12; anything else → null. */
export function storyNumberOf(token: string | undefined): number | null {
  return token && /^#?\d{1,9}$/.test(token) ? Number(token.replace("#", "")) : null;
}

/** `none` → null (no method), a known method (`value-effort`, `value/effort` too), or undefined. */
function methodOf(word: string | undefined): PriorityMethod | null | undefined {
  const m = (word ?? "").toLowerCase().replace(/[/-]/g, "_");
  if (m === "none") return null;
  return (PRIORITY_METHODS as readonly string[]).includes(m) ? (m as PriorityMethod) : undefined;
}

export function parsePoArgs(text: string): PoArgs {
  const tokens = cleanLine(text).split(" ").filter(Boolean);
  const sub = (tokens.shift() ?? "").toLowerCase();
  switch (sub) {
    case "archived":
      return { kind: "archived", page: Math.max(1, Number(tokens[0]) || 1) };
    case "suggest":
      return { kind: "suggest" };
    case "method":
      return { kind: "method", method: methodOf(tokens[0]) };
    case "size":
      return { kind: "size", points: tokens[0] ? Number(tokens[0]) : undefined };
    case "ready":
      return { kind: "ready", storyNumber: storyNumberOf(tokens[0]) };
    case "score":
      return { kind: "score", storyNumber: storyNumberOf(tokens[0]), values: tokens.slice(1) };
    default:
      return { kind: "none" };
  }
}

/** How to score a story with each method (shown when the values are missing or wrong). */
export const SCORE_USAGE: Record<PriorityMethod, string> = {
  moscow: "`/backlog score #12 must|should|could|wont`",
  value_effort: "`/backlog score #12 value=8 effort=3`",
  wsjf: "`/backlog score #12 value=8 time=5 risk=3 size=2`",
  rice: "`/backlog score #12 reach=500 impact=2 confidence=0.8 effort=3`",
};

/** Reads "key=value" pairs (or the MoSCoW category) into the method's input; the domain validates ranges. */
export function parseScoreArgs(method: PriorityMethod, tokens: string[]): unknown {
  if (method === "moscow") {
    const category = (tokens[0] ?? "").toLowerCase().replace("'", "");
    if (!(MOSCOW_CATEGORIES as readonly string[]).includes(category))
      throw new ValidationError({ score: `Use ${SCORE_USAGE.moscow}.` });
    return { category };
  }
  const pairs = new Map<string, number>();
  for (const t of tokens) {
    const m = /^([a-z]+)=(-?\d+(?:\.\d+)?)%?$/i.exec(t);
    if (m?.[1] && m[2]) pairs.set(m[1].toLowerCase(), Number(m[2]) / (t.endsWith("%") ? 100 : 1));
  }
  const need = (...keys: string[]) => {
    const v = keys.map((k) => pairs.get(k)).find((x) => x !== undefined);
    if (v === undefined)
      throw new ValidationError({ score: `Missing ${keys[0]}. Use ${SCORE_USAGE[method]}.` });
    return v;
  };
  switch (method) {
    case "value_effort":
      return { value: need("value"), effort: need("effort") };
    case "wsjf":
      return {
        businessValue: need("value", "bv"),
        timeCriticality: need("time", "tc"),
        riskReduction: need("risk", "rr"),
        jobSize: need("size", "js"),
      };
    case "rice":
      return {
        reach: need("reach"),
        impact: need("impact"),
        confidence: need("confidence"),
        effort: need("effort"),
      };
  }
}
