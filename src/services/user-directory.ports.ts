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
  /** Slack's 72 px avatar (`profile.image_72`); null when Slack gave none. */
  avatarUrl: string | null;
}

export interface UserDirectory {
  /** Looks a person up (cached briefly). Null when Slack doesn't know them. */
  get(teamId: string, userId: string): Promise<Person | null>;
  /** Admins and owners of the workspace `teamId` (see `Person.adminTeams`) count as scrumbot admins there. */
  isWorkspaceAdmin(teamId: string, userId: string): Promise<boolean>;
}

/** A person whose description changed (Slack event or directory sweep): `before` null when new. */
export type PersonChange = { teamId: string; before: Person | null; after: Person };

/**
 * The stored people directory: answers from the database, filled from `users.list` pages and kept
 * current by Slack's `user_change` / `team_join` events; Slack is asked per person only about
 * someone the directory does not know yet.
 */
export interface PeopleDirectory extends UserDirectory {
  /**
   * Everyone asked for, current: waits for a sweep when the directory is due for one, then asks
   * Slack per person only about the unknown. (`get` answers from what is stored at once.)
   */
  getMany(teamId: string, userIds: readonly string[]): Promise<Map<string, Person | null>>;
  /** Stores a person as Slack just described them (an event) and tells the change listeners. */
  remember(teamId: string, person: Person): Promise<void>;
  /** Called after a stored person changed; errors are logged, never thrown to the caller. */
  onChange(listener: (change: PersonChange) => Promise<void>): void;
}

/** Where people come from (Slack's Web API: `users.info`, `users.list`). */
export interface PeopleSource {
  /** One person; null when Slack doesn't know them. */
  info(teamId: string, userId: string): Promise<Person | null>;
  /** One page of everyone (bots and deactivated people included); `nextCursor` null on the last page. */
  listPage(teamId: string, cursor: string | null): Promise<{ people: Person[]; nextCursor: string | null }>;
}

/** The database side of the directory. */
export interface PeopleStore {
  find(teamId: string, userIds: readonly string[]): Promise<Person[]>;
  save(teamId: string, people: readonly Person[], at: Date): Promise<void>;
  /** When the team's directory was last filled from `users.list` (null: never). */
  syncedAt(teamId: string): Promise<Date | null>;
  markSynced(teamId: string, at: Date): Promise<void>;
  /**
   * Takes the team's sweep lease until `at` + `leaseMs` when it is free, expired or already
   * `claimant`'s (then it is renewed). @returns false when another replica holds it.
   */
  claimSweep(teamId: string, claimant: string, at: Date, leaseMs: number): Promise<boolean>;
  /** Gives the lease back (only `claimant`'s). */
  releaseSweep(teamId: string, claimant: string): Promise<void>;
}
