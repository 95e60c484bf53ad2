import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerFormRules,
  checkAnswerTexts,
  defaultSettings,
  STANDUP_LIMITS,
} from "../../../../src/domain/standup/index.js";

const questions = [
  { text: "Yesterday?", required: true },
  { text: "Today?", required: false },
  { text: "Blockers?", required: true },
];

describe("answer form rules (checked before the ack, without the database)", () => {
  it("carries the required question indices, the count and the length limit", () => {
    expect(answerFormRules({ questions })).toEqual({
      count: 3,
      required: [0, 2],
      maxLength: STANDUP_LIMITS.answer,
    });
  });

  it("flags empty (or blank) required answers and too-long answers, with the service's messages", () => {
    const rules = answerFormRules({ questions });
    expect(checkAnswerTexts(rules, ["did things", null, "  "])).toEqual({
      answer2: "This question needs an answer.",
    });
    expect(checkAnswerTexts(rules, [null, "x".repeat(STANDUP_LIMITS.answer + 1), "none"])).toEqual({
      answer0: "This question needs an answer.",
      answer1: `Keep it under ${STANDUP_LIMITS.answer} characters.`,
    });
    expect(checkAnswerTexts(rules, ["a", null, "none"])).toEqual({});
  });

  it("ignores boxes beyond the form's questions", () => {
    const rules = answerFormRules({ questions: questions.slice(0, 1) });
    expect(checkAnswerTexts(rules, ["ok", null, null, "x".repeat(5000)])).toEqual({});
  });

  it("the default questions fit in a tiny metadata", () => {
    const rules = answerFormRules(defaultSettings({}));
    expect(JSON.stringify(rules).length).toBeLessThan(100);
  });

  it("agrees with a plain reading of the rules for any texts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        fc.array(fc.option(fc.string({ maxLength: 20 }), { nil: null }), { maxLength: 6 }),
        (required, texts) => {
          const rules = answerFormRules({
            questions: required.map((r, i) => ({ text: `Q${i}`, required: r })),
          });
          const errors = checkAnswerTexts(rules, texts);
          required.forEach((r, i) => {
            const blank = (texts[i] ?? "").trim() === "";
            expect(`answer${i}` in errors).toBe(r && blank);
          });
        },
      ),
    );
  });
});
