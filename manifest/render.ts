import { stringify } from "yaml";
import { buildManifest, MANIFEST_HEADER } from "./app-manifest.js";

/** The exact text of slack-manifest.yml. */
export function renderManifestYaml(): string {
  return MANIFEST_HEADER + stringify(buildManifest(), { lineWidth: 0 });
}
