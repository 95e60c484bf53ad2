/** The `/refine setup` modal: where, when and how many items the weekly agenda lists. Pure builder. */
import type { KnownBlock, ModalView } from "@slack/types";
import { REFINE_MAX_ITEMS, type RefinementSettings, WEEKDAY_NAMES } from "../domain/refinement.js";
import { RefineIds } from "../slack/ids.js";
import { plain } from "./format.js";

/** Carried in `private_metadata`: where `/refine setup` was run, for the private confirmation. */
export interface RefineSetupMetadata {
  channelId: string | null;
}

/** What a new schedule starts from: Thursdays 14:00, 5 items (the agenda's own default count). */
export const REFINE_SETUP_DEFAULTS = { weekday: 4, time: "14:00", itemCount: 5 } as const;

/** Monday first, as most teams read a week (values are 0 = Sunday … 6 = Saturday). */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

const option = (text: string, value: string) => ({ text: plain(text, 75), value });

/** A channel id Slack's conversations_select can preselect (not a DM: the agenda goes to a channel). */
const isChannelId = (id: string | null | undefined): id is string => !!id && /^[CG][A-Z0-9]+$/.test(id);

/**
 * The setup form. Prefilled from `current` when the team has a schedule; otherwise the channel
 * `/refine setup` was run in (unless it was a DM), Thursdays 14:00, 5 items, in `defaultTimeZone`
 * (the person's Slack zone, or UTC).
 */
export function refinementSetupModal(input: {
  current: RefinementSettings | null;
  /** The channel the command came from: the default when nothing is saved yet. */
  channelId: string | null;
  defaultTimeZone: string;
  metadata: RefineSetupMetadata;
}): ModalView {
  const s = input.current;
  const channel = s?.channelId ?? input.channelId;
  const weekday = s?.weekday ?? REFINE_SETUP_DEFAULTS.weekday;
  const dayOptions = WEEK_ORDER.map((d) => option(WEEKDAY_NAMES[d] ?? String(d), String(d)));
  const initialDay = dayOptions.find((o) => o.value === String(weekday));
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: "Once a week the channel gets the refinement agenda: the next backlog items that aren't ready, each with what its Definition of Ready is missing.",
      },
    },
    {
      type: "input",
      block_id: RefineIds.channelBlock,
      label: plain("Channel", 2000),
      hint: plain("Invite Scrumbot there (/invite @scrumbot), or the agenda can't be posted.", 2000),
      element: {
        type: "conversations_select",
        action_id: RefineIds.input,
        filter: { include: ["public", "private"], exclude_bot_users: true },
        ...(isChannelId(channel) ? { initial_conversation: channel } : {}),
      },
    },
    {
      type: "input",
      block_id: RefineIds.weekdayBlock,
      label: plain("Day", 2000),
      element: {
        type: "static_select",
        action_id: RefineIds.input,
        options: dayOptions,
        ...(initialDay ? { initial_option: initialDay } : {}),
      },
    },
    {
      type: "input",
      block_id: RefineIds.timeBlock,
      label: plain("Time", 2000),
      element: {
        type: "timepicker",
        action_id: RefineIds.input,
        initial_time: s?.time ?? REFINE_SETUP_DEFAULTS.time,
      },
    },
    {
      type: "input",
      block_id: RefineIds.timeZoneBlock,
      label: plain("Time zone", 2000),
      hint: plain("An IANA name such as Europe/Berlin, America/New_York or Asia/Tokyo.", 2000),
      element: {
        type: "plain_text_input",
        action_id: RefineIds.input,
        initial_value: s?.timeZone ?? input.defaultTimeZone,
        max_length: 64,
      },
    },
    {
      type: "input",
      block_id: RefineIds.countBlock,
      label: plain("Items on the agenda", 2000),
      hint: plain(`Between 1 and ${REFINE_MAX_ITEMS}; the other items that aren't ready are counted.`, 2000),
      element: {
        type: "number_input",
        action_id: RefineIds.input,
        is_decimal_allowed: false,
        min_value: "1",
        max_value: String(REFINE_MAX_ITEMS),
        initial_value: String(s?.itemCount ?? REFINE_SETUP_DEFAULTS.itemCount),
      },
    },
  ];
  return {
    type: "modal",
    callback_id: RefineIds.setupModal,
    title: plain("Backlog refinement", 24),
    submit: plain("Save", 24),
    close: plain("Cancel", 24),
    private_metadata: JSON.stringify(input.metadata),
    blocks,
  };
}
