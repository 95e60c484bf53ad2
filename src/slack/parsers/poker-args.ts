/**
 * `/poker` arguments: `/poker 12 @ana @bo 30m` → story 12, invited ana and bo, reveal in 30
 * minutes. People arrive as Slack mentions (`<@U…|name>`, the command escapes them); durations
 * are `30m`, `2h`, `1h30m`. The domain checks the limits (`pokerStartProblem`). Never throws:
 * returns an error text for the person instead.
 */
import { pokerStartProblem } from "../../domain/poker.js";
import { cleanLine } from "../../domain/story.schema.js";

export interface PokerCommandArgs {
  storyNumber: number;
  invited: string[];
  /** Minutes until the cards reveal themselves; null = no deadline. */
  deadlineMinutes: number | null;
}

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
const USAGE =
  "Usage: `/poker <story number> [@people…] [deadline like 30m or 2h]`, e.g. `/poker 12 @ana @bo 1h`.";

export function parsePokerArgs(raw: string): PokerCommandArgs | { error: string } {
  const text = cleanLine(raw);
  const invited = [...new Set([...text.matchAll(MENTION)].map((m) => m[1] ?? ""))].filter(Boolean);
  const words = text.replace(MENTION, " ").trim().split(/\s+/).filter(Boolean);
  let storyNumber: number | null = null;
  let deadlineMinutes: number | null = null;
  for (const word of words) {
    const num = /^#?(\d{1,9})$/.exec(word);
    if (num && storyNumber === null) {
      storyNumber = Number(num[1]);
      continue;
    }
    const duration = /^(?:(\d{1,3})h)?(?:(\d{1,5})m(?:in)?)?$/i.exec(word);
    if (duration && (duration[1] || duration[2]) && deadlineMinutes === null) {
      deadlineMinutes = Number(duration[1] ?? 0) * 60 + Number(duration[2] ?? 0);
      continue;
    }
    return { error: `I didn't understand \`${word.slice(0, 40)}\`. ${USAGE}` };
  }
  if (storyNumber === null || storyNumber < 1) return { error: `Which story? ${USAGE}` };
  const problem = pokerStartProblem({ invited, deadlineMinutes });
  return problem ? { error: problem } : { storyNumber, invited, deadlineMinutes };
}
