import { describe, expect, it } from "vitest";
import { actionPriority, commandPriority } from "../../../src/listeners/trigger-bound.js";
import { ActionIds, BacklogIds, Commands, StandupIds } from "../../../src/slack/ids.js";

describe("trigger-bound listeners", () => {
  it("puts commands that open a modal first, others in turn", () => {
    expect(commandPriority(Commands.story)).toBe("trigger");
    expect(commandPriority(Commands.backlog)).toBe("normal");
  });

  it("matches actions registered by id or by a pattern of ids", () => {
    expect(actionPriority(BacklogIds.edit)).toBe("trigger");
    expect(actionPriority(new RegExp(`^${StandupIds.openAnswer}(_\\d+)?$`))).toBe("trigger");
    expect(actionPriority(new RegExp(`^${ActionIds.backlogPage}_(next|prev)$`))).toBe("normal");
  });
});
