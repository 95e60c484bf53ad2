import { describe, expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  said,
  ValidationError,
} from "../../../src/lib/errors.js";
import { errorBodyOf, userMessageFor } from "../../../src/slack/error-handler.js";
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

describe("errorBodyOf", () => {
  it("keeps where to answer (team, person, channel, response_url) and nothing the person typed", () => {
    const kept = errorBodyOf({
      type: "view_submission",
      team: { id: "T1", domain: "acme" },
      user: { id: "U1", name: "ana", team_id: "T1" },
      channel: { id: "C1", name: "team" },
      response_url: "https://hooks.slack.test/r/1",
      view: { state: { values: { title: { value: { value: "secret plan" } } } } },
      text: "secret plan",
    });
    expect(kept).toEqual({
      type: "view_submission",
      team: { id: "T1" },
      user: { id: "U1" },
      channel: { id: "C1" },
      response_url: "https://hooks.slack.test/r/1",
      team_id: undefined,
      user_id: undefined,
      channel_id: undefined,
      command: undefined,
    });
    expect(JSON.stringify(kept)).not.toContain("secret plan");
    expect(errorBodyOf(undefined)).toMatchObject({ team: undefined, user: undefined });
  });
});
