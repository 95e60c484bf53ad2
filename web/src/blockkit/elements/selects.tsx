import { actionTs, useSurface } from "../surface.js";
import { plainText, TextView } from "../text.js";
import type { BlockAction, ElementState, SelectedOption } from "../types.js";
import { isObj, type Json } from "../validate.js";
import { useConfirm } from "./confirm.js";
import { Menu, type MenuChoice } from "./menu.js";
import type { ElementProps } from "./props.js";

/** The options of a static select (flat `options`, or `option_groups` with their labels). */
export function optionsOf(el: Json): { option: Json; group?: string }[] {
  if (Array.isArray(el.options)) return el.options.filter(isObj).map((option) => ({ option }));
  if (!Array.isArray(el.option_groups)) return [];
  return el.option_groups.filter(isObj).flatMap((g) => {
    const group = plainText(g.label);
    return Array.isArray(g.options) ? g.options.filter(isObj).map((option) => ({ option, group })) : [];
  });
}

const maxSelected = (el: Json) =>
  typeof el.max_selected_items === "number" ? el.max_selected_items : undefined;

/** Records the new state and, when the element dispatches, tells the host (after any confirm). */
function useCommit(p: ElementProps) {
  const surface = useSurface();
  const { guard, dialog } = useConfirm(p.el.confirm, surface.ctx);
  const commit = (state: ElementState, action: Omit<BlockAction, "action_id" | "block_id" | "action_ts">) => {
    const full = { ...action, action_id: p.actionId, block_id: p.blockId, action_ts: actionTs(surface.ctx) };
    if (p.dispatchOnChange) guard(() => surface.change(p.blockId, p.actionId, state, full as BlockAction));
    else surface.change(p.blockId, p.actionId, state);
  };
  return { surface, commit, dialog };
}

/** static_select and multi_static_select. */
export function StaticSelect(p: ElementProps) {
  const { surface, commit, dialog } = useCommit(p);
  const multi = p.el.type === "multi_static_select";
  const all = optionsOf(p.el);
  const choices: MenuChoice[] = all.map(({ option, group }) => ({
    value: String(option.value),
    label: plainText(option.text),
    text: plainText(option.text),
    ...(option.description ? { description: <TextView t={option.description} ctx={surface.ctx} /> } : {}),
    ...(group !== undefined ? { group } : {}),
  }));
  const state = surface.get(p.blockId, p.actionId, p.el);
  const selected = multi
    ? (state?.selected_options ?? []).map((o) => o.value)
    : state?.selected_option
      ? [state.selected_option.value]
      : [];
  const optionFor = (v: string) =>
    all.find(({ option }) => option.value === v)?.option as unknown as SelectedOption;
  return (
    <>
      <Menu
        choices={choices}
        selected={selected}
        multi={multi}
        placeholder={plainText(p.el.placeholder) || "Select an item"}
        maxSelected={maxSelected(p.el)}
        controlId={p.controlId}
        describedBy={p.describedBy}
        invalid={p.invalid}
        actionId={p.actionId}
        onChange={(values) => {
          const type = String(p.el.type);
          if (multi) {
            const selected_options = values.map(optionFor).filter(Boolean);
            commit({ type, selected_options }, { type, selected_options });
          } else {
            const selected_option = optionFor(values[0] ?? "");
            commit({ type, selected_option }, { type, selected_option });
          }
        }}
      />
      {dialog}
    </>
  );
}

type Entity = "user" | "channel" | "conversation";
const ENTITY: Record<string, { kind: Entity; multi: boolean }> = {
  users_select: { kind: "user", multi: false },
  multi_users_select: { kind: "user", multi: true },
  channels_select: { kind: "channel", multi: false },
  multi_channels_select: { kind: "channel", multi: true },
  conversations_select: { kind: "conversation", multi: false },
  multi_conversations_select: { kind: "conversation", multi: true },
};

const PLACEHOLDER: Record<Entity, string> = {
  user: "Select a person",
  channel: "Select a channel",
  conversation: "Select a conversation",
};

/**
 * users_select, channels_select, conversations_select and their multi forms. The choices come from
 * the host (`ctx.people()`, `ctx.channels()`); conversations honour `filter.include`. Preselected
 * ids the host does not list still show, by name.
 */
export function EntitySelect(p: ElementProps) {
  const { surface, commit, dialog } = useCommit(p);
  const { ctx } = surface;
  const type = String(p.el.type);
  const { kind, multi } = ENTITY[type] ?? { kind: "user", multi: false };
  const filter = isObj(p.el.filter) ? p.el.filter : {};
  const include = Array.isArray(filter.include) ? filter.include.map(String) : null;
  const wants = (k: string) => !include || include.includes(k);

  const choices: MenuChoice[] = [];
  if (kind === "channel" || kind === "conversation") {
    for (const c of ctx.channels?.() ?? []) {
      const k = c.kind ?? "public";
      if (kind === "channel" && k !== "public") continue;
      if (kind === "conversation" && !wants(k)) continue;
      const name = k === "im" ? c.name : `#${c.name}`;
      choices.push({
        value: c.id,
        label: name,
        text: name,
        group: kind === "conversation" ? "Channels" : undefined,
      });
    }
  }
  if (kind === "user" || (kind === "conversation" && wants("im"))) {
    for (const person of ctx.people?.() ?? []) {
      choices.push({
        value: person.id,
        label: person.name,
        text: person.name,
        group: kind === "conversation" ? "Direct messages" : undefined,
      });
    }
  }

  const state = surface.get(p.blockId, p.actionId, p.el);
  const key = multi ? (`selected_${kind}s` as const) : (`selected_${kind}` as const);
  const raw = state?.[key];
  const selected = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
  // A preselected id the host didn't list: show it by name rather than as a bare id.
  for (const id of selected) {
    if (choices.some((c) => c.value === id)) continue;
    const name =
      kind === "user" || id.startsWith("U") || id.startsWith("W")
        ? ctx.userName(id)
        : `#${ctx.channelName(id)}`;
    choices.push({ value: id, label: name, text: name });
  }

  return (
    <>
      <Menu
        choices={choices}
        selected={selected}
        multi={multi}
        placeholder={plainText(p.el.placeholder) || PLACEHOLDER[kind]}
        maxSelected={maxSelected(p.el)}
        controlId={p.controlId}
        describedBy={p.describedBy}
        invalid={p.invalid}
        actionId={p.actionId}
        onChange={(values) => {
          const value = multi ? values : (values[0] ?? null);
          commit({ type, [key]: value }, { type, [key]: value ?? undefined });
        }}
      />
      {dialog}
    </>
  );
}
