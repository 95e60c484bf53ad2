/**
 * `/backlog` arguments: "" → top 20; "50" → top 50; "login export" → search;
 * "50 login" → search, 50 per page. Never throws: odd input is just search words.
 */
import { cleanLine } from "../../domain/story.schema.js";
import { BACKLOG_DEFAULT_LIMIT, BACKLOG_MAX_LIMIT } from "../../services/story.service.js";

export interface BacklogArgs {
  limit: number;
  words: string[];
}

const MAX_WORDS = 10;
const MAX_WORD = 100;

export function parseBacklogArgs(text: string | undefined): BacklogArgs {
  const tokens = cleanLine(text).split(" ").filter(Boolean);
  let limit = BACKLOG_DEFAULT_LIMIT;
  if (tokens[0] && /^\d{1,6}$/.test(tokens[0])) {
    limit = Math.min(Math.max(1, Number(tokens.shift())), BACKLOG_MAX_LIMIT);
  }
  const words = tokens.slice(0, MAX_WORDS).map((w) => w.slice(0, MAX_WORD));
  return { limit, words };
}

/** `/backlog triage [page]`: true when the text asks for the triage inbox. */
export function isTriageArgs(text: string): boolean {
  return /^\s*triage\b/i.test(text);
}
