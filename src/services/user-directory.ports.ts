/** People as features need them: time zone, admin flag, whether they can be messaged. */
export interface Person {
  id: string;
  name: string;
  /** IANA zone from Slack (`users.info` → `tz`), e.g. "Europe/Berlin"; null when Slack has none. */
  timeZone: string | null;
  /** Admin (or owner, below) of the workspaces in `adminTeams` only, not of every team they meet. */
  isAdmin: boolean;
  isOwner: boolean;
  isBot: boolean;
  /** Deactivated in Slack. */
  deleted: boolean;
  /**
   * Workspaces where `isAdmin`/`isOwner` apply: the person's home team, or under Enterprise Grid
   * every workspace of an org admin. An admin of a partner workspace in a Slack Connect channel
   * is not an admin here.
   */
  adminTeams: readonly string[];
}

export interface UserDirectory {
  /** Looks a person up (cached briefly). Null when Slack doesn't know them. */
  get(teamId: string, userId: string): Promise<Person | null>;
  /** Admins and owners of the workspace `teamId` (see `Person.adminTeams`) count as scrumbot admins there. */
  isWorkspaceAdmin(teamId: string, userId: string): Promise<boolean>;
}
