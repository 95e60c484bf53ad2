import { describe, expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  said,
  ValidationError,
} from "../../../src/lib/errors.js";
import { userMessageFor } from "../../../src/slack/error-handler.js";
import { hostileText, liveMarkers } from "../../support/hostile-text.js";
import { shownMarkers } from "../views/fixtures.js";

describe("errors that quote typed text", () => {
  const name = hostileText(120);

  it("reach Slack escaped, whatever the error class, and keep the app's own mrkdwn", () => {
    for (const error of [
      new NotFoundError(said`a standup called “${name}” that you're in; \`/standup list\` shows yours`),
      new ForbiddenError(said`You are not a participant of “${name}”.`),
      new ConflictError(said`Sprint “${name}” is running.`),
      new ValidationError({ day: "plain" }, said`“${name}” has no upcoming standup day.`),
    ]) {
      const text = userMessageFor(error, "ref");
      expect(liveMarkers(text)).toEqual([]);
      expect(shownMarkers(text)).toBeGreaterThan(0);
    }
    const found = userMessageFor(
      new NotFoundError(said`a standup called “${"<!here>"}”; \`/standup list\``),
      "r",
    );
    expect(found).toBe("I couldn't find a standup called “&lt;!here&gt;”; `/standup list`.");
  });

  it("keeps the plain text for modal fields and the CLI", () => {
    const error = new ForbiddenError(said`You are not a participant of “${"<b> & co"}”.`);
    expect(error.userMessage).toBe("You are not a participant of “<b> & co”.");
  });
});
