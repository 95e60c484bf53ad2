/**
 * The renderer's public types: what the host page (the playground) provides and what it gets back.
 * Shapes follow Slack's payloads (`block_actions` actions, `view.state.values`) so the host can
 * forward them to the app unchanged.
 */

/** A plain_text or mrkdwn text object as Slack echoes it back in options. */
export interface TextObject {
  type: string;
  text: string;
  emoji?: boolean;
}

/** An option as Slack sends it back in `selected_option(s)`. */
export interface SelectedOption {
  text: TextObject;
  value: string;
  description?: TextObject;
}

/** A person the user/conversation selects can offer (from `RenderContext.people`). */
export interface PersonChoice {
  id: string;
  name: string;
}

/** A channel the channel/conversation selects can offer (from `RenderContext.channels`). */
export interface ChannelChoice {
  id: string;
  name: string;
  /** "public" (default), "private", "im" or "mpim", for conversations_select's `filter.include`. */
  kind?: "public" | "private" | "im" | "mpim";
}

/** One element's entry in `view.state.values` (Slack's shape: only the key for its type is set). */
export interface ElementState {
  type: string;
  value?: string | null;
  selected_option?: SelectedOption | null;
  selected_options?: SelectedOption[];
  selected_user?: string | null;
  selected_users?: string[];
  selected_channel?: string | null;
  selected_channels?: string[];
  selected_conversation?: string | null;
  selected_conversations?: string[];
  selected_date?: string | null;
  selected_time?: string | null;
}

/** Slack's `view.state.values` (and a message's `state.values`): block_id → action_id → state. */
export type StateValues = Record<string, Record<string, ElementState>>;

/** One entry of a `block_actions` payload's `actions` array. */
export type BlockAction = {
  type: string;
  action_id: string;
  block_id: string;
  value?: string;
  text?: TextObject;
  selected_option?: SelectedOption;
  selected_options?: SelectedOption[];
  selected_user?: string;
  selected_users?: string[];
  selected_channel?: string;
  selected_channels?: string[];
  selected_conversation?: string;
  selected_conversations?: string[];
  selected_date?: string;
  selected_time?: string;
  action_ts: string;
};

/** What the host page provides to the renderer. */
export interface RenderContext {
  /**
   * A person clicked or changed an interactive element. `state` is the surface's current
   * `state.values` (Slack sends it with every `block_actions` from a message or a modal).
   */
  onAction(a: BlockAction, state?: StateValues): void;
  /** Display name for a user id (shown as "@name", never a live mention). */
  userName(id: string): string;
  /** Display name for a channel id, without the "#". */
  channelName(id: string): string;
  /**
   * Maps an image URL to one the page may load (e.g. a local copy), or "" for none. Without it,
   * remote images are not loaded (the page loads nothing from the internet): a placeholder with the
   * alt text shows instead.
   */
  imageUrl?(url: string): string;
  /** People offered by users_select / multi_users_select / conversations_select. */
  people?(): PersonChoice[];
  /** Channels offered by channels_select / conversations_select. */
  channels?(): ChannelChoice[];
  /** The conversation the surface is shown in, for `default_to_current_conversation`. */
  currentConversation?(): string | undefined;
  /** Now, in epoch ms (the playground's shared clock); defaults to the browser's clock. */
  now?(): number;
  /** IANA time zone of the viewer, for `<!date^…>` and timepicker display; defaults to the browser's. */
  timeZone?(): string;
}
