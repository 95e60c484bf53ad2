#!/usr/bin/env node
/**
 * Runs a compiled entry point from dist/: `npm start`, `npm run migrate`, `npm run cli`.
 * Nothing is compiled here (a production install has neither TypeScript nor tsx); with no
 * build yet it says so and how to make one, instead of Node's "Cannot find module".
 *
 *   node scripts/run-built.mjs main|migrate|cli [args…]
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const entries = {
  main: "dist/src/main.js",
  migrate: "dist/src/cli/migrate.js",
  cli: "dist/src/cli/index.js",
};
const name = process.argv[2];
const relative = entries[name];
if (!relative) {
  process.stderr.write(`usage: node scripts/run-built.mjs ${Object.keys(entries).join("|")} [args…]\n`);
  process.exit(2);
}
const file = fileURLToPath(new URL(`../${relative}`, import.meta.url));
if (!existsSync(file)) {
  process.stderr.write(
    `scrumbot has no build yet (${relative} is missing).\n` +
      "Run `npm run build` first (it needs the dev dependencies: `npm ci`), then try again.\n",
  );
  process.exit(1);
}
// The entry sees the arguments as if it had been run directly: [node, file, …args].
process.argv.splice(1, 2, file);
await import(pathToFileURL(file).href);
