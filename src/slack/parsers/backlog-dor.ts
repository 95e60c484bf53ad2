/**
 * `/backlog dor …` arguments and the checklist's toggle button value. Never throws: anything
 * that isn't understood comes back as a result the listener answers with a clear message.
 */
import { READINESS_CHECKS, type ReadinessCheckId } from "../../domain/readiness.js";
import { cleanLine } from "../../domain/story.schema.js";

/** True when `/backlog` text is the Definition of Ready subcommand (not a search). */
export function isDorArgs(text: string): boolean {
  return /^\s*dor(?:\s|$)/i.test(text);
}

export type DorArgs =
  /** `/backlog dor`: show the checklist. */
  | { kind: "show" }
  /** `/backlog dor on|off <check>` with a known check. */
  | { kind: "set"; check: ReadinessCheckId; enabled: boolean }
  /** `/backlog dor on|off <name>` where `name` is no check (empty when it was left out). */
  | { kind: "unknown_check"; name: string; enabled: boolean }
  /** Anything else after `dor`. */
  | { kind: "usage" };

// Friendlier names people type for a check, besides its id ("acceptance-criteria", "Acceptance criteria" work too).
const ALIASES: Record<string, ReadinessCheckId> = {
  who: "persona",
  what: "want",
  why: "benefit",
  so_that: "benefit",
  criteria: "acceptance_criteria",
  ac: "acceptance_criteria",
  estimate: "estimated",
  size: "size_limit",
  questions: "no_open_questions",
  open_questions: "no_open_questions",
};

/** The check a typed name means: its id in any case, with spaces or hyphens, or a short alias. */
export function parseDorCheck(name: string): ReadinessCheckId | null {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[`"“”]/g, "")
    .replace(/[\s-]+/g, "_");
  if ((READINESS_CHECKS as readonly string[]).includes(key)) return key as ReadinessCheckId;
  return Object.hasOwn(ALIASES, key) ? (ALIASES[key] ?? null) : null; // not "constructor" & co.
}

/** `text` is what follows `/backlog` (starting with "dor"). */
export function parseDorArgs(text: string | undefined): DorArgs {
  const tokens = cleanLine(text).split(" ").filter(Boolean);
  tokens.shift(); // "dor"
  const verb = (tokens.shift() ?? "").toLowerCase();
  if (verb === "" || verb === "list" || verb === "show")
    return tokens.length === 0 ? { kind: "show" } : { kind: "usage" };
  if (verb !== "on" && verb !== "off") return { kind: "usage" };
  const enabled = verb === "on";
  const name = tokens.join(" ").slice(0, 100);
  const check = parseDorCheck(name);
  return check ? { kind: "set", check, enabled } : { kind: "unknown_check", name, enabled };
}

/** A toggle button's value `${check}:on|off` (built by `dorToggleValue` in the view); null when tampered with or from an older app. */
export function parseDorToggle(
  value: string | undefined,
): { check: ReadinessCheckId; enabled: boolean } | null {
  const m = /^([a-z_]{1,40}):(on|off)$/.exec(value ?? "");
  if (!m?.[1] || !(READINESS_CHECKS as readonly string[]).includes(m[1])) return null;
  return { check: m[1] as ReadinessCheckId, enabled: m[2] === "on" };
}
