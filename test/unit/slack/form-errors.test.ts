/** Typed errors → `response_action: "errors"` on the right blocks of a modal. */
import type { AckFn, ViewResponseAction } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../../src/lib/errors.js";
import {
  checkForm,
  errorOn,
  fieldErrorsOnBlocks,
  formErrorsFor,
  onForm,
} from "../../../src/slack/form-errors.js";

const BLOCKS = { title: "title_block", why: "why_block" };

/** Bolt's view `ack`, recording what it was called with. */
function recordingAck() {
  const calls: (ViewResponseAction | undefined)[] = [];
  const ack: AckFn<ViewResponseAction> = async (response) => {
    calls.push(response);
  };
  return { ack, calls };
}

describe("fieldErrorsOnBlocks", () => {
  it("puts each field on its block and unknown fields on the fallback", () => {
    expect(
      fieldErrorsOnBlocks({ title: "Too long", why: "Say why", colour: "?" }, BLOCKS, "title_block"),
    ).toEqual({
      title_block: "?",
      why_block: "Say why",
    });
  });

  it("takes a function for families of blocks, and never reads inherited keys", () => {
    const answer = (f: string) => (/^answer(\d)$/.test(f) ? `answer_${f.slice(6)}` : undefined);
    expect(fieldErrorsOnBlocks({ answer2: "Too short", other: "x" }, answer, "answer_0")).toEqual({
      answer_2: "Too short",
      answer_0: "x",
    });
    expect(fieldErrorsOnBlocks({ toString: "odd" }, BLOCKS, "title_block")).toEqual({ title_block: "odd" });
  });

  it("cuts a very long message instead of letting Slack refuse the answer", () => {
    const errors = fieldErrorsOnBlocks({ title: "x".repeat(5000) }, BLOCKS, "title_block");
    expect(errors.title_block).toHaveLength(1900);
  });
});

describe("formErrorsFor", () => {
  it("maps a ValidationError's fields", () => {
    expect(
      formErrorsFor(new ValidationError({ why: "Say why" }), BLOCKS, { fallback: "title_block" }),
    ).toEqual({
      why_block: "Say why",
    });
  });

  it("puts a ValidationError without fields on the fallback", () => {
    const error = new ValidationError({}, "That input is not valid.");
    expect(formErrorsFor(error, BLOCKS, { fallback: "title_block" })).toEqual({
      title_block: "That input is not valid.",
    });
  });

  it("leaves other typed errors to the global handler unless asked", () => {
    for (const error of [
      new ForbiddenError("Only POs"),
      new NotFoundError("story #9"),
      new ConflictError("Already"),
    ]) {
      expect(formErrorsFor(error, BLOCKS, { fallback: "title_block" })).toBeNull();
      expect(formErrorsFor(error, BLOCKS, { fallback: "title_block", appErrors: true })).toEqual({
        title_block: error.userMessage,
      });
    }
  });

  it("never puts an unexpected error on the form", () => {
    expect(formErrorsFor(new Error("db locked"), BLOCKS, { fallback: "t", appErrors: true })).toBeNull();
    expect(formErrorsFor("boom", BLOCKS, { fallback: "t", appErrors: true })).toBeNull();
  });
});

describe("onForm", () => {
  it("returns the value and leaves the ack to the caller when the save works", async () => {
    const { ack, calls } = recordingAck();
    expect(await onForm(ack, async () => 42, BLOCKS, { fallback: "title_block" })).toEqual({
      ok: true,
      value: 42,
    });
    expect(calls).toEqual([]);
  });

  it("acks once with the errors when the input is invalid", async () => {
    const { ack, calls } = recordingAck();
    const result = await onForm(
      ack,
      () => {
        throw new ValidationError({ title: "Give it a title" });
      },
      BLOCKS,
      { fallback: "why_block" },
    );
    expect(result).toEqual({ ok: false });
    expect(calls).toEqual([{ response_action: "errors", errors: { title_block: "Give it a title" } }]);
  });

  it("rethrows what doesn't belong on the form, without acking", async () => {
    const { ack, calls } = recordingAck();
    const boom = new Error("disk full");
    await expect(
      onForm(ack, () => Promise.reject(boom), BLOCKS, { fallback: "t", appErrors: true }),
    ).rejects.toBe(boom);
    await expect(
      onForm(ack, () => Promise.reject(new ForbiddenError("no")), BLOCKS, { fallback: "t" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(calls).toEqual([]);
  });
});

describe("checkForm (a synchronous check before the ack)", () => {
  it("returns the value, or the errors answer for the fields, without a promise", () => {
    expect(checkForm(() => 42, BLOCKS, { fallback: "t" })).toEqual({ ok: true, value: 42 });
    const refused = checkForm(
      () => {
        throw new ValidationError({ why: "Say why.", other: "Elsewhere." });
      },
      BLOCKS,
      { fallback: "title_block" },
    );
    expect(refused).toEqual({
      ok: false,
      response: { response_action: "errors", errors: { why_block: "Say why.", title_block: "Elsewhere." } },
    });
  });

  it("rethrows what doesn't belong on the form", () => {
    expect(() =>
      checkForm(
        () => {
          throw new ForbiddenError("no");
        },
        BLOCKS,
        { fallback: "t" },
      ),
    ).toThrow(ForbiddenError);
  });
});

describe("errorOn", () => {
  it("is one message on one block", () => {
    expect(errorOn("card_block", "Pick a card.")).toEqual({
      response_action: "errors",
      errors: { card_block: "Pick a card." },
    });
  });
});
