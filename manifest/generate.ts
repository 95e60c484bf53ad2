/** `npm run manifest`: writes slack-manifest.yml and slack-manifest.oauth.yml at the repository root. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderManifestYaml, renderOAuthManifestYaml } from "./render.js";

for (const [file, text] of [
  ["../slack-manifest.yml", renderManifestYaml()],
  ["../slack-manifest.oauth.yml", renderOAuthManifestYaml()],
] as const) {
  const target = fileURLToPath(new URL(file, import.meta.url));
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
