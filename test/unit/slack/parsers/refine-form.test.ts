import { describe, expect, it } from "vitest";
import { RefineIds } from "../../../../src/slack/ids.js";
import {
  parseRefineCommand,
  readRefineSetupForm,
  readRefineSetupMetadata,
} from "../../../../src/slack/parsers/refine-form.js";
import { refinementSetupModal } from "../../../../src/views/refinement-setup.view.js";
import { fillModal, type ModalAnswer } from "../../../support/modal.js";

const modal = refinementSetupModal({
  current: null,
  channelId: "C0TEAM",
  defaultTimeZone: "Europe/Berlin",
  metadata: { channelId: "C0TEAM" },
});
const submit = (answers: Record<string, ModalAnswer> = {}) => readRefineSetupForm(fillModal(modal, answers));

describe("parseRefineCommand", () => {
  it("opens the modal for a bare `setup` (any case, extra spaces)", () => {
    expect(parseRefineCommand("setup")).toEqual({ kind: "setupModal" });
    expect(parseRefineCommand("  SETUP   ")).toEqual({ kind: "setupModal" });
  });

  it("keeps the typed form", () => {
    expect(parseRefineCommand("setup <#C0TEAM|team> thursday 14:00 3")).toEqual({
      kind: "setup",
      args: { channelId: "C0TEAM", weekday: 4, time: "14:00", itemCount: 3 },
    });
    expect(parseRefineCommand("setup friday")).toMatchObject({ kind: "setupError" });
    expect(parseRefineCommand("setup friday 10:00 40")).toEqual({
      kind: "setupError",
      error: "List between 1 and 20 items.",
    });
  });

  it("reads `/refine [n]` as the agenda now, the count clamped to 1–20", () => {
    expect(parseRefineCommand("")).toEqual({ kind: "agenda", count: undefined });
    expect(parseRefineCommand("7")).toEqual({ kind: "agenda", count: 7 });
    expect(parseRefineCommand("99")).toEqual({ kind: "agenda", count: 20 });
    expect(parseRefineCommand("0")).toEqual({ kind: "agenda", count: 1 });
    expect(parseRefineCommand("later")).toEqual({ kind: "agenda", count: undefined });
  });
});

describe("readRefineSetupForm", () => {
  it("reads the prefilled defaults", () => {
    expect(submit()).toEqual({
      ok: true,
      value: { channelId: "C0TEAM", weekday: 4, time: "14:00", timeZone: "Europe/Berlin", itemCount: 5 },
    });
  });

  it("reads the person's choices and stores the zone's canonical spelling", () => {
    expect(
      submit({
        [RefineIds.channelBlock]: "G0PRIV",
        [RefineIds.weekdayBlock]: "0",
        [RefineIds.timeBlock]: "09:30",
        [RefineIds.timeZoneBlock]: "  america/new_york ",
        [RefineIds.countBlock]: "20",
      }),
    ).toEqual({
      ok: true,
      value: { channelId: "G0PRIV", weekday: 0, time: "09:30", timeZone: "America/New_York", itemCount: 20 },
    });
  });

  it("puts each problem on its own block", () => {
    const result = submit({
      [RefineIds.channelBlock]: null,
      [RefineIds.weekdayBlock]: null,
      [RefineIds.timeBlock]: null,
      [RefineIds.timeZoneBlock]: "Mars/Olympus_Mons",
      [RefineIds.countBlock]: "21",
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? {} : result.errors).toEqual({
      [RefineIds.channelBlock]: "Pick the channel the agenda goes to.",
      [RefineIds.weekdayBlock]: "Pick the day of the week.",
      [RefineIds.timeBlock]: "Pick a time like 14:00.",
      [RefineIds.timeZoneBlock]: "Use a time zone name like Europe/Berlin or America/New_York.",
      [RefineIds.countBlock]: "Between 1 and 20 items, a whole number.",
    });
  });

  it.each([["0"], ["-1"], ["2.5"], ["abc"], [""], [null]])("refuses %j items", (count) => {
    const result = submit({ [RefineIds.countBlock]: count });
    expect(result).toEqual({
      ok: false,
      errors: { [RefineIds.countBlock]: "Between 1 and 20 items, a whole number." },
    });
  });

  it.each([["+05:30"], [""], ["Europe/Berlin; DROP"], [null]])("refuses the zone %j", (zone) => {
    const result = submit({ [RefineIds.timeZoneBlock]: zone });
    expect(result.ok ? {} : Object.keys(result.errors)).toEqual([RefineIds.timeZoneBlock]);
  });

  it("refuses forged values no client could send, without throwing", () => {
    const forged = fillModal(modal);
    (forged[RefineIds.timeBlock] as Record<string, unknown>)[RefineIds.input] = {
      type: "timepicker",
      selected_time: "25:00",
    };
    (forged[RefineIds.weekdayBlock] as Record<string, unknown>)[RefineIds.input] = {
      type: "static_select",
      selected_option: { value: "7" },
    };
    (forged[RefineIds.channelBlock] as Record<string, unknown>)[RefineIds.input] = {
      type: "conversations_select",
      selected_conversation: "U0SOMEONE",
    };
    const result = readRefineSetupForm(forged);
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(
      [RefineIds.channelBlock, RefineIds.timeBlock, RefineIds.weekdayBlock].sort(),
    );
    expect(readRefineSetupForm("nonsense")).toMatchObject({ ok: false });
    expect(readRefineSetupForm(undefined)).toMatchObject({ ok: false });
  });
});

describe("readRefineSetupMetadata", () => {
  it("reads the channel, and falls back to none when missing or tampered", () => {
    expect(readRefineSetupMetadata(JSON.stringify({ channelId: "C0TEAM" }))).toEqual({ channelId: "C0TEAM" });
    expect(readRefineSetupMetadata(JSON.stringify({ channelId: "<!channel>" }))).toEqual({ channelId: null });
    expect(readRefineSetupMetadata("{not json")).toEqual({ channelId: null });
    expect(readRefineSetupMetadata(undefined)).toEqual({ channelId: null });
  });
});
