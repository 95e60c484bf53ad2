/** Reads deploy/scrumbot.service for tests: its settings and the install paths it names. */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "./process.js";

export const UNIT_FILE = join(repoRoot, "deploy", "scrumbot.service");
/** Where the unit expects the built app; tests map it onto a built tree. */
export const INSTALL_DIR = "/opt/scrumbot";

/** Every `Key=value` of the unit (a key may repeat). */
export function readUnit(path = UNIT_FILE): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, key = "", value = ""] = m;
    settings.set(key, [...(settings.get(key) ?? []), value]);
  }
  return settings;
}

/** Paths under INSTALL_DIR the unit names (WorkingDirectory, ExecStart's script, Documentation), relative to it. */
export function installPaths(unit: Map<string, string[]>): string[] {
  const values = [
    ...(unit.get("WorkingDirectory") ?? []),
    ...(unit.get("ExecStart") ?? []).flatMap((v) => v.split(/\s+/)),
    ...(unit.get("Documentation") ?? []).map((v) => v.replace(/^file:\/\//, "")),
  ];
  return values
    .filter((v) => v === INSTALL_DIR || v.startsWith(`${INSTALL_DIR}/`))
    .map((v) => relative(INSTALL_DIR, v) || ".");
}
