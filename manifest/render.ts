import { stringify } from "yaml";
import { buildManifest, MANIFEST_HEADER, OAUTH_MANIFEST_HEADER } from "./app-manifest.js";

/** The exact text of slack-manifest.yml (one workspace, SLACK_BOT_TOKEN). */
export function renderManifestYaml(): string {
  return MANIFEST_HEADER + stringify(buildManifest(), { lineWidth: 0 });
}

/** The exact text of slack-manifest.oauth.yml (many workspaces, docs/oauth.md). */
export function renderOAuthManifestYaml(): string {
  return OAUTH_MANIFEST_HEADER + stringify(buildManifest(undefined, "oauth"), { lineWidth: 0 });
}
