/**
 * Who did what where, for every kind of Slack payload, parsed once with zod.
 *
 * The team is the workspace the person acted in. Slack says so in different places per kind:
 * - slash command: `team_id` (for an org-wide Enterprise Grid install, the workspace it was typed in);
 * - action, view submission, shortcut: `team.id`; `team` is null for an org-wide install when the
 *   modal or message is not tied to one workspace, then the person's own `user.team_id` is used.
 *   In a shared (Slack Connect) channel `user.team_id` is the person's HOME workspace, which can
 *   differ: `team.id` wins whenever it is there;
 * - event: the envelope's `team_id`.
 * `enterpriseId` is the Grid organization (null outside Grid).
 */
import { z } from "zod";

/** The person, their workspace and conversation: what every listener needs first. */
export interface SlackContext {
  teamId: string;
  enterpriseId: string | null;
  userId: string;
  /** The conversation the payload came from; null when there is none (a modal, the Home tab). */
  channelId: string | null;
}

/** A payload the person made by clicking or typing: it can open a modal and reply. */
export interface InteractionContext extends SlackContext {
  /** Opens a modal within 3 s of the payload; "" when the payload carries none. */
  triggerId: string;
  responseUrl: string | null;
  /** The app's id (`api_app_id`), for links into the app; null when absent. */
  appId: string | null;
}

/** A slash command always comes from a conversation, and carries the text typed after it. */
export interface CommandContext extends InteractionContext {
  channelId: string;
  text: string;
}

/** A block action also knows the message it was clicked on. */
export interface ActionContext extends InteractionContext {
  /** The message with the button (null on the Home tab or in a modal). */
  messageTs: string | null;
  /** True when that message is ephemeral (Slack does not send its content back). */
  ephemeral: boolean;
  /** Clicked inside an open modal: a new modal goes on its stack (`views.push`), not `views.open`. */
  inModal: boolean;
  /** The message's input elements' current state (`state.values`), for a parser in `parsers/`. */
  stateValues: unknown;
}

const id = z.string().min(1);
const idRef = z.object({ id }).nullish();
const user = z.object({ id, team_id: z.string().optional() });

/** Thrown by the parsers when a payload names no workspace at all (never seen from Slack). */
export class PayloadError extends Error {
  constructor(kind: string, issue: string) {
    super(`unexpected ${kind} payload: ${issue}`);
    this.name = "PayloadError";
  }
}

function parse<T extends z.ZodType>(kind: string, schema: T, payload: unknown): z.infer<T> {
  const result = schema.safeParse(payload);
  if (!result.success) throw new PayloadError(kind, z.prettifyError(result.error));
  return result.data;
}

/** `team.id`, else the person's own workspace (org-wide installs send `team: null`). */
function teamOf(kind: string, p: { team?: { id: string } | null; user: { team_id?: string | undefined } }) {
  const teamId = p.team?.id || p.user.team_id;
  if (!teamId) throw new PayloadError(kind, "no team.id or user.team_id");
  return teamId;
}

const commandSchema = z.object({
  team_id: id,
  enterprise_id: z.string().nullish(),
  user_id: id,
  channel_id: z.string(),
  text: z.string().optional(),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  api_app_id: z.string().optional(),
});

/** A slash command's context (`command` or its body). */
export function commandContext(command: unknown): CommandContext {
  const c = parse("command", commandSchema, command);
  return {
    teamId: c.team_id,
    enterpriseId: c.enterprise_id || null,
    userId: c.user_id,
    channelId: c.channel_id,
    text: c.text ?? "",
    triggerId: c.trigger_id ?? "",
    responseUrl: c.response_url || null,
    appId: c.api_app_id || null,
  };
}

const interactionSchema = z.object({
  team: idRef,
  enterprise: idRef,
  user,
  channel: idRef,
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  api_app_id: z.string().optional(),
});

const actionSchema = interactionSchema.extend({
  container: z
    .object({
      channel_id: z.string().optional(),
      message_ts: z.string().optional(),
      is_ephemeral: z.boolean().optional(),
    })
    .nullish(),
  message: z.object({ ts: z.string().optional() }).nullish(),
  state: z.object({ values: z.unknown().optional() }).nullish(),
  view: z.object({ type: z.string().optional() }).nullish(),
});

/** A block action's context: where the button was (channel, message) and how to answer. */
export function actionContext(body: unknown): ActionContext {
  const b = parse("action", actionSchema, body);
  return {
    teamId: teamOf("action", b),
    enterpriseId: b.enterprise?.id ?? null,
    userId: b.user.id,
    channelId: b.channel?.id || b.container?.channel_id || null,
    triggerId: b.trigger_id ?? "",
    responseUrl: b.response_url || null,
    appId: b.api_app_id || null,
    messageTs: b.message?.ts || b.container?.message_ts || null,
    ephemeral: b.container?.is_ephemeral === true,
    inModal: b.view?.type === "modal",
    stateValues: b.state?.values,
  };
}

const viewSchema = z.object({
  team: idRef,
  enterprise: idRef,
  user,
  api_app_id: z.string().optional(),
  trigger_id: z.string().optional(),
});

/**
 * A view submission's context. A modal has no conversation of its own: `channelId` is null (the
 * listener reads where to answer from the modal's private metadata).
 */
export function viewContext(body: unknown): InteractionContext {
  const b = parse("view_submission", viewSchema, body);
  return {
    teamId: teamOf("view_submission", b),
    enterpriseId: b.enterprise?.id ?? null,
    userId: b.user.id,
    channelId: null,
    triggerId: b.trigger_id ?? "",
    responseUrl: null,
    appId: b.api_app_id || null,
  };
}

/** A global or message shortcut's context (a message shortcut also has its channel). */
export function shortcutContext(body: unknown): InteractionContext {
  const b = parse("shortcut", interactionSchema, body);
  return {
    teamId: teamOf("shortcut", b),
    enterpriseId: b.enterprise?.id ?? null,
    userId: b.user.id,
    channelId: b.channel?.id || null,
    triggerId: b.trigger_id ?? "",
    responseUrl: b.response_url || null,
    appId: b.api_app_id || null,
  };
}

const eventSchema = z.object({
  team_id: id,
  enterprise_id: z.string().nullish(),
  // Some events carry objects here (`channel_created`'s channel, `user_change`'s user): read leniently.
  event: z.object({ user: z.unknown().optional(), channel: z.unknown().optional() }),
});

const idOf = (v: unknown): string | null =>
  typeof v === "string"
    ? v || null
    : typeof (v as { id?: unknown })?.id === "string"
      ? (v as { id: string }).id
      : null;

/**
 * An Events API envelope's context: the workspace from `team_id`, the person from `event.user`
 * ("" for events without one), the channel from `event.channel`.
 */
export function eventContext(body: unknown): SlackContext {
  const b = parse("event", eventSchema, body);
  return {
    teamId: b.team_id,
    enterpriseId: b.enterprise_id || null,
    userId: idOf(b.event.user) ?? "",
    channelId: idOf(b.event.channel),
  };
}

const elementSchema = z.object({
  action_id: z.string().optional(),
  block_id: z.string().optional(),
  value: z.string().optional(),
  selected_option: z.object({ value: z.string() }).nullish(),
});

/** The clicked element: its action_id, block_id and value (a button's value, or a menu's chosen option). */
export interface ClickedElement {
  actionId: string;
  blockId: string | null;
  /** Undefined when the element has none (or Slack sent something that isn't text). */
  value: string | undefined;
}

/** Reads the element of a block action (`action` in a Bolt listener); never throws. */
export function clickedElement(action: unknown): ClickedElement {
  const parsed = elementSchema.safeParse(action);
  const a = parsed.success ? parsed.data : {};
  return {
    actionId: a.action_id ?? "",
    blockId: a.block_id || null,
    value: a.value ?? a.selected_option?.value ?? undefined,
  };
}
