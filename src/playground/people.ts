/**
 * The playground's workspace: five people (each with a role and a time zone) and three channels.
 * Ids are fixed so a restarted playground finds its people again in the database.
 */
import type { TeamRole } from "../domain/permissions.js";

export const PLAYGROUND_TEAM = { id: "T0PLAYGND", name: "Playground", domain: "playground" } as const;

export interface PlaygroundPerson {
  id: string;
  /** Slack handle (what `@` mentions use). */
  handle: string;
  realName: string;
  title: string;
  tz: string;
  /** The scrumbot role the demo data gives them; none for the workspace admin (Slack admins are admins). */
  role: TeamRole | null;
  isAdmin: boolean;
}

export const PEOPLE: readonly PlaygroundPerson[] = [
  {
    id: "U0PRIYA",
    handle: "priya",
    realName: "Priya Sharma",
    title: "Product owner",
    tz: "Europe/Berlin",
    role: "product_owner",
    isAdmin: false,
  },
  {
    id: "U0KENJI",
    handle: "kenji",
    realName: "Kenji Watanabe",
    title: "Team member in Tokyo",
    tz: "Asia/Tokyo",
    role: "member",
    isAdmin: false,
  },
  {
    id: "U0MAYA",
    handle: "maya",
    realName: "Maya Johnson",
    title: "Team member in New York",
    tz: "America/New_York",
    role: "member",
    isAdmin: false,
  },
  {
    id: "U0SAM",
    handle: "sam",
    realName: "Sam Okafor",
    title: "Stakeholder (viewer)",
    tz: "Europe/London",
    role: "viewer",
    isAdmin: false,
  },
  {
    id: "U0ALEX",
    handle: "alex",
    realName: "Alex Morgan",
    title: "Workspace admin",
    tz: "Europe/Berlin",
    role: null,
    isAdmin: true,
  },
];

export const PRODUCT_OWNER = PEOPLE[0]!;
export const TOKYO = PEOPLE[1]!;
export const NEW_YORK = PEOPLE[2]!;
export const STAKEHOLDER = PEOPLE[3]!;
export const ADMIN = PEOPLE[4]!;

export const CHANNELS = [
  { id: "C0GENERAL", name: "general", topic: "Company-wide announcements" },
  { id: "C0PRODUCT", name: "product", topic: "Stakeholder digests and requests" },
  { id: "C0TEAM", name: "team", topic: "The Scrum team: standups, poker, sprints" },
] as const;

export const GENERAL = CHANNELS[0];
export const PRODUCT = CHANNELS[1];
export const TEAM = CHANNELS[2];
