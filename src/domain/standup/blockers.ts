/**
 * Blocker detection: an answer to the blockers question is a blocker unless it says there is none.
 * Kept deliberately narrow: "no", "none", "nothing", "n/a", "-", "no blockers", "all good" (any case,
 * trailing punctuation or emoji ignored) are not blockers; anything else, even "no idea how to fix the
 * build", is, because a false alarm costs a glance and a missed blocker costs a day.
 */

const NOT_A_BLOCKER =
  /^(?:no|nope|nah|none|nothing|nil|null|n\/?a|-+|—|0|no blockers?|none so far|nothing so far|not really|nothing blocking|all good|no blockers so far|not at the moment|nothing today|none today|no blockers today)$/;

/** Lower-cased, whitespace collapsed, with trailing/leading punctuation, emoji shortcodes and emoji removed. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/:[a-z0-9_+-]+:/g, " ") // Slack emoji shortcodes such as :tada:
    .replace(/\p{Extended_Pictographic}/gu, " ")
    .replace(/[\u{FE0F}\u{200D}]/gu, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[\s.!,;:…]+|[\s.!,;:…]+$/g, "")
    .trim();
}

/** `true` when `answer` (to the blockers question) names a blocker. */
export function isBlocker(answer: string | null | undefined): boolean {
  const text = normalise(answer ?? "");
  return text !== "" && !NOT_A_BLOCKER.test(text);
}

/**
 * Whole standup days a blocker has been open: `daysBetween` counts standup days strictly after
 * `since` up to and including `today` (a blocker raised on Monday is 1 day old on Tuesday).
 */
export function isStale(openStandupDays: number, staleAfterDays: number): boolean {
  return openStandupDays >= staleAfterDays;
}
