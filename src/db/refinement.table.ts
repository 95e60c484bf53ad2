/** Row shape of `refinement_settings`: one per team. */
export interface RefinementSettingsTable {
  team_id: string;
  channel_id: string;
  weekday: number;
  time: string;
  time_zone: string;
  item_count: number;
  updated_by: string;
  updated_at: string;
}
