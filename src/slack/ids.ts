/**
 * Every Slack identifier the app uses: commands, callback_ids, block_ids, action_ids.
 * Builders and parsers import these, so a rename can't break one side only.
 */

export const Commands = {
  story: "/story",
  backlog: "/backlog",
  scrum: "/scrum",
  request: "/request",
  poker: "/poker",
  sprint: "/sprint",
  retro: "/retro",
  refine: "/refine",
} as const;

export const ViewIds = {
  storyCreate: "story_create",
  requestSubmit: "request_submit",
  requestMerge: "request_merge",
  requestDecline: "request_decline",
} as const;

/** Shortcut callback ids (message and global shortcuts). */
export const ShortcutIds = {
  turnIntoStory: "turn_into_story",
} as const;

/** Input blocks of the /request modal and the triage modals (action_id `STORY_INPUT_ACTION`). */
export const RequestBlocks = {
  what: "request_what",
  why: "request_why",
  whoAsks: "request_who",
  urgency: "request_urgency",
  story: "request_story",
  reason: "request_reason",
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
  requestAccept: "request_accept",
  requestMerge: "request_merge",
  requestDecline: "request_decline",
  triagePage: "triage_page",
  homeTriage: "home_triage",
} as const;

/** Planning poker (issue 6): message buttons, the vote modal and its blocks. Values carry the session id. */
export const PokerIds = {
  vote: "poker_vote",
  reveal: "poker_reveal",
  revote: "poker_revote",
  accept: "poker_accept",
  acceptOther: "poker_accept_other",
  cancel: "poker_cancel",
  voteModal: "poker_vote_modal",
  cardBlock: "poker_card",
  reasonBlock: "poker_reason",
} as const;

/** Stakeholder digests and forecasts (issue 7): commands, the setup modal and its input blocks. */
export const DigestIds = {
  command: "/digest",
  forecastCommand: "/forecast",
  setupModal: "digest_setup",
  channelsBlock: "digest_channels",
  daysBlock: "digest_days",
  timeBlock: "digest_time",
  timeZoneBlock: "digest_tz",
  sectionsBlock: "digest_sections",
  topNBlock: "digest_top_n",
  /** action_id of every input in the setup modal. */
  input: "value",
} as const;
