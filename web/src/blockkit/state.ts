import type { ElementState, RenderContext, SelectedOption, StateValues } from "./types.js";
import { isObj, type Json } from "./validate.js";

/**
 * Slack's `state.values` for a surface: every stateful element in input, actions and section
 * accessory positions, with its initial value until the person changes it. Edits are kept by
 * block_id/action_id, so a view update that keeps those ids keeps what was typed (as Slack does),
 * and one that changes them starts fresh.
 */

/** Slack generates a block_id when none is given; ours are stable by position. */
export const blockIdOf = (block: unknown, index: number): string =>
  isObj(block) && typeof block.block_id === "string" ? block.block_id : `bk-auto-${index}`;

/** Slack generates an action_id when none is given; ours are stable by position. */
export const actionIdOf = (el: Json, index: number): string =>
  typeof el.action_id === "string" ? el.action_id : `bk-action-${index}`;

const option = (v: unknown): SelectedOption | null => (isObj(v) ? (v as unknown as SelectedOption) : null);
const options = (v: unknown): SelectedOption[] =>
  Array.isArray(v) ? v.filter(isObj).map((o) => o as unknown as SelectedOption) : [];
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s) => typeof s === "string") : []);
const stringOrNull = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The state an element starts with, or null for elements without state (button, overflow, image). */
export function initialState(el: Json, ctx: RenderContext): ElementState | null {
  const type = String(el.type);
  const current = el.default_to_current_conversation === true ? (ctx.currentConversation?.() ?? null) : null;
  switch (type) {
    case "plain_text_input":
    case "number_input":
      return { type, value: stringOrNull(el.initial_value) };
    case "static_select":
    case "radio_buttons":
      return { type, selected_option: option(el.initial_option) };
    case "multi_static_select":
    case "checkboxes":
      return { type, selected_options: options(el.initial_options) };
    case "users_select":
      return { type, selected_user: stringOrNull(el.initial_user) };
    case "multi_users_select":
      return { type, selected_users: strings(el.initial_users) };
    case "channels_select":
      return { type, selected_channel: stringOrNull(el.initial_channel) ?? current };
    case "multi_channels_select":
      return { type, selected_channels: strings(el.initial_channels) };
    case "conversations_select":
      return { type, selected_conversation: stringOrNull(el.initial_conversation) ?? current };
    case "multi_conversations_select": {
      const initial = strings(el.initial_conversations);
      return { type, selected_conversations: initial.length || !current ? initial : [current] };
    }
    case "datepicker":
      return { type, selected_date: stringOrNull(el.initial_date) };
    case "timepicker":
      return { type, selected_time: stringOrNull(el.initial_time) };
    default:
      return null;
  }
}

/** Edits the person made, by block_id then action_id. */
export type Edits = Record<string, Record<string, ElementState>>;

/** An element that may hold state, with where it sits. */
export interface StatefulElement {
  block: Json;
  blockId: string;
  actionId: string;
  el: Json;
}

/** Every stateful element of a list of blocks, with its block and action ids. */
export function statefulElements(blocks: readonly unknown[]): StatefulElement[] {
  const out: StatefulElement[] = [];
  blocks.forEach((block, i) => {
    if (!isObj(block)) return;
    const blockId = blockIdOf(block, i);
    const els: unknown[] =
      block.type === "input"
        ? [block.element]
        : block.type === "actions" && Array.isArray(block.elements)
          ? block.elements
          : block.type === "section"
            ? [block.accessory]
            : [];
    els.forEach((el, j) => {
      if (isObj(el)) out.push({ block, blockId, actionId: actionIdOf(el, j), el });
    });
  });
  return out;
}

/** `state.values` for `blocks`: initial values overlaid with the person's edits. */
export function stateValues(blocks: readonly unknown[], edits: Edits, ctx: RenderContext): StateValues {
  const values: StateValues = {};
  for (const { blockId, actionId, el } of statefulElements(blocks)) {
    const state = edits[blockId]?.[actionId] ?? initialState(el, ctx);
    if (!state) continue;
    values[blockId] ??= {};
    (values[blockId] as Record<string, ElementState>)[actionId] = state;
  }
  return values;
}

/** A copy of `edits` with one element's new state. */
export function withEdit(edits: Edits, blockId: string, actionId: string, state: ElementState): Edits {
  return { ...edits, [blockId]: { ...edits[blockId], [actionId]: state } };
}
