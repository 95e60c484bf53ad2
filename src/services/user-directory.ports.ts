/** People as features need them: time zone, admin flag, whether they can be messaged. */
export interface Person {
  id: string;
  name: string;
  /** IANA zone from Slack (`users.info` → `tz`), e.g. "Europe/Berlin"; null when Slack has none. */
  timeZone: string | null;
  isAdmin: boolean;
  isOwner: boolean;
  isBot: boolean;
  /** Deactivated in Slack. */
  deleted: boolean;
}

export interface UserDirectory {
  /** Looks a person up (cached briefly). Null when Slack doesn't know them. */
  get(teamId: string, userId: string): Promise<Person | null>;
  /** Workspace admins and owners count as admins of every scrumbot team. */
  isWorkspaceAdmin(teamId: string, userId: string): Promise<boolean>;
}
