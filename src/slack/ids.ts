/**
 * Every Slack identifier the app uses: commands, callback_ids, block_ids, action_ids.
 * Builders and parsers import these, so a rename can't break one side only.
 */

export const Commands = {
  story: "/story",
  backlog: "/backlog",
  scrum: "/scrum",
} as const;

export const ViewIds = {
  storyCreate: "story_create",
} as const;

/** Input blocks of the story modal; each holds one element with action_id `StoryInputs.action`. */
export const StoryBlocks = {
  title: "story_title",
  persona: "story_persona",
  want: "story_want",
  benefit: "story_benefit",
  acceptanceCriteria: "story_criteria",
  priority: "story_priority",
  estimate: "story_estimate",
  labels: "story_labels",
} as const;
export const STORY_INPUT_ACTION = "value";

export const ActionIds = {
  backlogPage: "backlog_page",
} as const;
