/** `npm run manifest`: writes slack-manifest.yml at the repository root. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderManifestYaml } from "./render.js";

const target = fileURLToPath(new URL("../slack-manifest.yml", import.meta.url));
writeFileSync(target, renderManifestYaml());
process.stdout.write(`wrote ${target}\n`);
