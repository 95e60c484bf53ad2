import { describe, expect, it } from "vitest";
import { READINESS_CHECKS } from "../../../../src/domain/readiness.js";
import {
  isDorArgs,
  parseDorArgs,
  parseDorCheck,
  parseDorToggle,
} from "../../../../src/slack/parsers/backlog-dor.js";
import { dorToggleValue } from "../../../../src/views/backlog-dor.view.js";

describe("isDorArgs", () => {
  it("matches the dor subcommand only", () => {
    expect(isDorArgs("dor")).toBe(true);
    expect(isDorArgs("  DOR off estimated")).toBe(true);
    expect(isDorArgs("door")).toBe(false);
    expect(isDorArgs("dorian gray")).toBe(false);
    expect(isDorArgs("login dor")).toBe(false);
  });
});

describe("parseDorArgs", () => {
  it("shows the checklist for a bare dor", () => {
    expect(parseDorArgs("dor")).toEqual({ kind: "show" });
    expect(parseDorArgs(" dor  ")).toEqual({ kind: "show" });
    expect(parseDorArgs("dor list")).toEqual({ kind: "show" });
  });

  it("reads on/off with a check id, in any case, with spaces or hyphens, or an alias", () => {
    expect(parseDorArgs("dor off estimated")).toEqual({ kind: "set", check: "estimated", enabled: false });
    expect(parseDorArgs("dor ON Size_Limit")).toEqual({ kind: "set", check: "size_limit", enabled: true });
    expect(parseDorArgs("dor off acceptance criteria")).toEqual({
      kind: "set",
      check: "acceptance_criteria",
      enabled: false,
    });
    expect(parseDorArgs("dor off no-open-questions")).toEqual({
      kind: "set",
      check: "no_open_questions",
      enabled: false,
    });
    expect(parseDorArgs("dor off `size`")).toEqual({ kind: "set", check: "size_limit", enabled: false });
  });

  it("reports an unknown or missing check with what was typed", () => {
    expect(parseDorArgs("dor off colour")).toEqual({ kind: "unknown_check", name: "colour", enabled: false });
    expect(parseDorArgs("dor on")).toEqual({ kind: "unknown_check", name: "", enabled: true });
  });

  it("asks for the usage for anything else", () => {
    expect(parseDorArgs("dor estimated off")).toEqual({ kind: "usage" });
    expect(parseDorArgs("dor list please")).toEqual({ kind: "usage" });
  });

  it("accepts every check by its id", () => {
    for (const id of READINESS_CHECKS) expect(parseDorCheck(id)).toBe(id);
    expect(parseDorCheck("nonsense")).toBeNull();
    expect(parseDorCheck("constructor")).toBeNull();
    expect(parseDorCheck("__proto__")).toBeNull();
  });
});

describe("parseDorToggle", () => {
  it("round-trips the view's button values", () => {
    for (const id of READINESS_CHECKS)
      for (const enabled of [true, false])
        expect(parseDorToggle(dorToggleValue(id, enabled))).toEqual({ check: id, enabled });
  });

  it("rejects tampered values", () => {
    for (const v of [
      undefined,
      "",
      "estimated",
      "estimated:maybe",
      "colour:on",
      "__proto__:on",
      `${"a".repeat(50)}:on`,
    ])
      expect(parseDorToggle(v)).toBeNull();
  });
});
