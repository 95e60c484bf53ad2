/**
 * Builds the playground page (web/) into dist/playground-web, which `npm run playground` serves.
 * Everything is bundled: the page loads nothing from the internet.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/playground-web", import.meta.url)),
    emptyOutDir: true,
    // No source maps or inlined remote fonts: a small, self-contained page.
    sourcemap: false,
  },
});
