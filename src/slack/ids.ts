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
  /** Decline modal: the "share the reason with stakeholders" checkbox (off by default). */
  shareReason: "request_share_reason",
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
  placement: "story_placement",
} as const;
export const STORY_INPUT_ACTION = "value";

export const ActionIds = {
  backlogPage: "backlog_page",
  requestAccept: "request_accept",
  requestMerge: "request_merge",
  requestDecline: "request_decline",
  triagePage: "triage_page",
  homeTriage: "home_triage",
  /** "Try again" on a story that could not be saved: reopens the form with the person's text. */
  storyRetry: "story_retry",
} as const;

/** Planning poker (issue 6): message buttons, the vote modal and its blocks. Values carry the session id. */
export const PokerIds = {
  vote: "poker_vote",
  /** Card buttons on the board: `poker_pick_<card>` (one action id per card: ids are unique per block). */
  pick: "poker_pick_",
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

/** Async daily standups (issue 4): the /standup command, its modals, buttons and input blocks. */
export const StandupIds = {
  command: "/standup",
  setupView: "standup_setup",
  answerView: "standup_answer",
  /** Button (DM prompt, reminder, picker): value = standup id. Opens the answer modal. */
  openAnswer: "standup_open_answer",
  /** Button on an answer in the thread: value = blocker id. */
  resolveBlocker: "standup_resolve_blocker",
  /** Buttons of `/standup list`: value = standup id. */
  edit: "standup_edit",
  delete: "standup_delete",
  /** action_id of every input in the standup modals. */
  input: "value",
  nameBlock: "standup_name",
  channelBlock: "standup_channel",
  participantsBlock: "standup_participants",
  daysBlock: "standup_days",
  timeBlock: "standup_time",
  tzModeBlock: "standup_tz_mode",
  fixedZoneBlock: "standup_fixed_zone",
  /** `standup_q0` … `standup_q5`. */
  questionBlockPrefix: "standup_q",
  requiredBlock: "standup_required",
  blockerQuestionBlock: "standup_blocker_q",
  closeAfterBlock: "standup_close_after",
  reminderBlock: "standup_reminder",
  styleBlock: "standup_style",
  staleBlock: "standup_stale",
  /** `standup_a0` … `standup_a5` in the answer modal. */
  answerBlockPrefix: "standup_a",
} as const;

/** Retrospectives (issue 6): the card modal, the board's buttons, the action item modal. Values carry ids. */
export const RetroIds = {
  cardModal: "retro_card",
  categoryBlock: "retro_category",
  textBlock: "retro_text",
  /** Button on a card: value = `${retroId}:${cardId}`. */
  vote: "retro_vote",
  /** Select for cards beyond the buttons' room: option value = `${retroId}:${cardId}`. */
  voteSelect: "retro_vote_select",
  /** Buttons on the board: value = retro id. */
  addAction: "retro_add_action",
  close: "retro_close",
  actionModal: "retro_action",
  actionTextBlock: "retro_action_text",
  ownerBlock: "retro_action_owner",
  dueBlock: "retro_action_due",
  /** Button on an open action item: value = action id. */
  actionDone: "retro_action_done",
  /** action_id of every input in the retro modals. */
  input: "value",
} as const;

/** Weekly backlog refinement (issue 6): the setup modal and the agenda's buttons (value = story number). */
export const RefineIds = {
  setupModal: "refine_setup",
  channelBlock: "refine_channel",
  weekdayBlock: "refine_weekday",
  timeBlock: "refine_time",
  timeZoneBlock: "refine_tz",
  countBlock: "refine_count",
  open: "refine_open",
  estimate: "refine_estimate",
  /** Agenda item: the prefilled story edit modal (the `/backlog` Edit). Value: the story number. */
  edit: "refine_edit",
  /** Agenda item: mark the story ready (Definition of Ready checked). Value: the story number. */
  markReady: "refine_mark_ready",
  /** Prefix of each agenda item's actions block id, `refine_<number>`: the agenda's items are read back from it. */
  itemBlockPrefix: "refine_",
  input: "value",
} as const;

/** Sprints and the sprint review (issue 6). Button values carry a story number or sprint id. */
export const SprintIds = {
  startModal: "sprint_start_modal",
  noteModal: "sprint_note_modal",
  feedbackModal: "sprint_feedback_modal",
  nameBlock: "sprint_name",
  goalBlock: "sprint_goal",
  startsBlock: "sprint_starts",
  endsBlock: "sprint_ends",
  dodBlock: "sprint_dod",
  reviewTimeBlock: "sprint_review_time",
  demoBlock: "sprint_demo",
  reasonBlock: "sprint_reason",
  feedbackBlock: "sprint_feedback",
  add: "sprint_add",
  remove: "sprint_remove",
  status: "sprint_status",
  note: "sprint_note",
  carry: "sprint_carry",
  close: "sprint_close",
  goalMet: "sprint_goal_met",
  goalMissed: "sprint_goal_missed",
  giveFeedback: "sprint_give_feedback",
  /** On the private `/sprint` progress: posts the progress and burndown chart in the channel. */
  share: "sprint_share",
} as const;

/** The PO's backlog (issue 5): `/backlog` story controls, edit/split/move modals, `/goal`, features. */
export const BacklogIds = {
  goalCommand: "/goal",
  /** Story rows on `/backlog`: block_id `${storyBlock}:${number}:${offset}:${limit}[:${search}]`. */
  storyBlock: "bls",
  moveTop: "backlog_move_top",
  moveUp: "backlog_move_up",
  moveDown: "backlog_move_down",
  moveBottom: "backlog_move_bottom",
  edit: "backlog_edit",
  /** The row's menu: top, move to…, edit, readiness, mark ready, split (option value `${kind}:${number}`). */
  more: "backlog_more",
  /** Archive in the PO's reorder mode (a button with a confirmation). */
  archive: "backlog_archive",
  restore: "backlog_restore",
  markReady: "backlog_mark_ready",
  storyEditModal: "story_edit",
  moveToModal: "backlog_move_to",
  splitModal: "backlog_split",
  positionBlock: "move_position",
  splitFirstTitle: "split_first_title",
  splitFirstCriteria: "split_first_criteria",
  splitSecondTitle: "split_second_title",
  splitSecondCriteria: "split_second_criteria",
  goalBlock: "story_goal",
  featureBlock: "story_feature",
  goalModal: "goal_save",
  goalStatement: "goal_statement",
  goalMetrics: "goal_metrics",
  goalStatus: "goal_status",
  goalEdit: "goal_edit",
  goalNew: "goal_new",
  featureNext: "feature_stage_next",
  featureBack: "feature_stage_back",
  /** action_id of every input in these modals. */
  input: "value",
} as const;

/** `/scrum help`: the "More…" button under the five most-used commands. */
export const HelpIds = {
  more: "scrum_help_more",
} as const;

/** Home tab controls. */
export const HomeIds = {
  /** Overflow on a sprint item; option value "<story number>:<status>". */
  sprintStatus: "home_sprint_status",
  /** The quick actions row (block id) and its buttons. */
  quickBlock: "home_quick",
  newStory: "home_new_story",
  openBacklog: "home_open_backlog",
  writeStandup: "home_write_standup",
  openTriage: "home_open_triage",
} as const;

/** `/backlog dor`: the team's Definition of Ready checklist with a toggle per check. */
export const DorIds = {
  /** Button on each check's row: value `${checkId}:on` or `${checkId}:off` (the state it asks for). */
  toggle: "backlog_dor_toggle",
  /** Each check's row has block_id `${checkBlockPrefix}${checkId}`. */
  checkBlockPrefix: "backlog_dor:",
} as const;
