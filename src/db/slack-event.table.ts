/** Row shape of `slack_events_seen`: an Events API delivery already handled, by Slack's event id. */
export interface SlackEventSeenTable {
  event_id: string;
  team_id: string | null;
  /** ISO-8601; rows older than the retention are pruned. */
  seen_at: string;
}
