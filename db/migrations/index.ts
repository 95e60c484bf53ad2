/**
 * Every migration, in order. Listed statically (not discovered from the folder) so the
 * same code runs under tsx, vitest and the compiled dist/ build; a test checks that
 * each file in this folder is listed here.
 */
import type { Migration } from "kysely";
import * as m20261128T1100 from "./2026-11-28T1100_foundation.js";
import * as m20261128T1200 from "./2026-11-28T1200_scheduler_outbox.js";
import * as m20261128T1210 from "./2026-11-28T1210_goals_features_readiness.js";
import * as m20261128T1220 from "./2026-11-28T1220_roles_requests.js";
import * as m20261128T1230 from "./2026-11-28T1230_standups.js";
import * as m20261128T1240 from "./2026-11-28T1240_ceremonies.js";
import * as m20261128T1250 from "./2026-11-28T1250_digests.js";
import * as m20261202T0500 from "./2026-12-02T0500_health_probe.js";
import * as m20261202T0510 from "./2026-12-02T0510_slack_events_seen.js";
import * as m20261202T0600 from "./2026-12-02T0600_people.js";
import * as m20261202T0630 from "./2026-12-02T0630_consent_and_accepter.js";
import * as m20261202T0640 from "./2026-12-02T0640_retro_card_public_ids.js";
import * as m20261202T0800 from "./2026-12-02T0800_outbox_leases.js";
import * as m20261202T0820 from "./2026-12-02T0820_rate_limits.js";
import * as m20261202T0821 from "./2026-12-02T0821_outbox_pending_age.js";
import * as m20261202T0830 from "./2026-12-02T0830_slack_installations.js";
import * as m20261202T0840 from "./2026-12-02T0840_workspaces.js";
import * as m20261202T0850 from "./2026-12-02T0850_slack_pacing.js";
import * as m20261202T1100 from "./2026-12-02T1100_replica_leases.js";
import * as m20261202T1130 from "./2026-12-02T1130_post_as_person.js";
import * as m20261202T1800 from "./2026-12-02T1800_people_sweep_leases.js";

export const migrations: Record<string, Migration> = {
  "2026-11-28T1100_foundation": m20261128T1100,
  "2026-11-28T1200_scheduler_outbox": m20261128T1200,
  "2026-11-28T1210_goals_features_readiness": m20261128T1210,
  "2026-11-28T1220_roles_requests": m20261128T1220,
  "2026-11-28T1230_standups": m20261128T1230,
  "2026-11-28T1240_ceremonies": m20261128T1240,
  "2026-11-28T1250_digests": m20261128T1250,
  "2026-12-02T0500_health_probe": m20261202T0500,
  "2026-12-02T0510_slack_events_seen": m20261202T0510,
  "2026-12-02T0600_people": m20261202T0600,
  "2026-12-02T0630_consent_and_accepter": m20261202T0630,
  "2026-12-02T0640_retro_card_public_ids": m20261202T0640,
  "2026-12-02T0800_outbox_leases": m20261202T0800,
  "2026-12-02T0820_rate_limits": m20261202T0820,
  "2026-12-02T0821_outbox_pending_age": m20261202T0821,
  "2026-12-02T0830_slack_installations": m20261202T0830,
  "2026-12-02T0840_workspaces": m20261202T0840,
  "2026-12-02T0850_slack_pacing": m20261202T0850,
  "2026-12-02T1100_replica_leases": m20261202T1100,
  "2026-12-02T1130_post_as_person": m20261202T1130,
  "2026-12-02T1800_people_sweep_leases": m20261202T1800,
};
