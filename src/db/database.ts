/** The kysely schema: one entry per table. Add a `*.table.ts` per new table. */

import type {
  BacklogSettingsTable,
  FeatureStageHistoryTable,
  FeatureTable,
  GoalTable,
  StoryPriorityInputTable,
} from "./backlog.table.js";
import type { BacklogEventTable } from "./backlog-event.table.js";
import type { PersonAwayTable, TeamCalendarTable, TeamHolidayTable } from "./calendar.table.js";
import type { DigestRunTable, DigestTable } from "./digest.table.js";
import type {
  SlackInstallationTable,
  SlackOAuthStateTable,
  SlackWorkspaceLinkTable,
} from "./installation.table.js";
import type { OutboxTable } from "./outbox.table.js";
import type { SlackPacingTable } from "./pacing.table.js";
import type { PeopleSweepTable, PeopleSyncTable, PersonTable } from "./people.table.js";
import type { PokerSessionTable, PokerVoteTable } from "./poker.table.js";
import type { RateLimitTable } from "./rate-limit.table.js";
import type { RefinementSettingsTable } from "./refinement.table.js";
import type { RequestTable } from "./request.table.js";
import type { RetroActionTable, RetroCardTable, RetroTable, RetroVoteTable } from "./retro.table.js";
import type { ScheduleRunTable, ScheduleTable } from "./schedule.table.js";
import type { SlackEventSeenTable } from "./slack-event.table.js";
import type { ReviewFeedbackTable, SprintItemTable, SprintTable } from "./sprint.table.js";
import type {
  StandupAnswerTable,
  StandupBlockerTable,
  StandupMemberTable,
  StandupReportTable,
  StandupTable,
} from "./standup.table.js";
import type { StoryTable } from "./story.table.js";
import type { TeamRoleTable } from "./team-role.table.js";
import type { WorkspaceTable } from "./workspace.table.js";

export interface Database {
  stories: StoryTable;
  backlog_events: BacklogEventTable;
  goals: GoalTable;
  features: FeatureTable;
  feature_stage_history: FeatureStageHistoryTable;
  backlog_settings: BacklogSettingsTable;
  story_priority_inputs: StoryPriorityInputTable;
  schedules: ScheduleTable;
  schedule_runs: ScheduleRunTable;
  outbox: OutboxTable;
  team_calendars: TeamCalendarTable;
  team_holidays: TeamHolidayTable;
  person_away: PersonAwayTable;
  team_roles: TeamRoleTable;
  requests: RequestTable;
  standups: StandupTable;
  standup_members: StandupMemberTable;
  standup_reports: StandupReportTable;
  standup_answers: StandupAnswerTable;
  standup_blockers: StandupBlockerTable;
  poker_sessions: PokerSessionTable;
  poker_votes: PokerVoteTable;
  sprints: SprintTable;
  sprint_items: SprintItemTable;
  review_feedback: ReviewFeedbackTable;
  retros: RetroTable;
  retro_cards: RetroCardTable;
  retro_votes: RetroVoteTable;
  retro_actions: RetroActionTable;
  refinement_settings: RefinementSettingsTable;
  digests: DigestTable;
  digest_runs: DigestRunTable;
  slack_events_seen: SlackEventSeenTable;
  people: PersonTable;
  people_syncs: PeopleSyncTable;
  people_sweeps: PeopleSweepTable;
  workspaces: WorkspaceTable;
  rate_limits: RateLimitTable;
  slack_pacing: SlackPacingTable;
  slack_installations: SlackInstallationTable;
  slack_workspace_links: SlackWorkspaceLinkTable;
  slack_oauth_states: SlackOAuthStateTable;
}
