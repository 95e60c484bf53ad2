/** Writes docs/permissions.md from the permission table (`npx tsx scripts/permissions-doc.ts`). */
import { writeFileSync } from "node:fs";
import { renderPermissionsMarkdown } from "../src/domain/permissions.js";

writeFileSync(new URL("../docs/permissions.md", import.meta.url), renderPermissionsMarkdown());
