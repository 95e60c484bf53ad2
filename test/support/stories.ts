/** Test setup: a story in the backlog, created through the real story service (as `/story` would). */
import { createUnitOfWork } from "../../src/db/unit-of-work.js";
import type { StoryPoints } from "../../src/domain/story.js";
import { createStoryService } from "../../src/services/story.service.js";
import type { TestApp } from "./app-harness.js";
import { TEST_TEAM_ID } from "./app-harness.js";

/** A complete story (ready when `estimate` is set) by `userId`. */
export async function seedStory(
  t: TestApp,
  userId: string,
  title: string,
  estimate: StoryPoints | null = null,
) {
  const service = createStoryService({ uow: createUnitOfWork(t.db.db), clock: t.clock });
  const entry = await service.createStory({
    teamId: TEST_TEAM_ID,
    userId,
    draft: {
      title,
      persona: "customer",
      want: "do things",
      benefit: "it helps",
      acceptanceCriteria: ["works"],
      estimate,
      priority: "medium",
      labels: [],
    },
  });
  return entry.story;
}
