/**
 * The manifest is the source of truth: slack-manifest.yml must be freshly generated,
 * valid against Slack's published schema, and agree with the registered listeners.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { App } from "@slack/bolt";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildManifest } from "../../../manifest/app-manifest.js";
import { renderManifestYaml, renderOAuthManifestYaml } from "../../../manifest/render.js";
import { botScopes } from "../../../manifest/scopes.js";
import { systemClock } from "../../../src/lib/clock.js";
import { createLogger } from "../../../src/lib/logger.js";
import { registerListeners } from "../../../src/listeners/index.js";
import { ListenerRegistry } from "../../../src/listeners/registry.js";
import { commandCatalog, shortcutCatalog } from "../../../src/slack/catalog.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
// Slack's JSON Schema lives in the workplace's shared folder beside the repository (not copied in).
const schemaPath = process.env.SLACK_MANIFEST_SCHEMA ?? `${root}../shared/slack/manifest.schema.1.0.0.json`;
const requireSchema = process.env.REQUIRE_MANIFEST_SCHEMA === "1";

function registeredListeners(): ListenerRegistry {
  // A Bolt app that never starts: only listener registration is exercised.
  const app = new App({ token: "xoxb-x", signingSecret: "s", deferInitialization: true });
  const registry = new ListenerRegistry(app);
  // Listeners only capture their deps at registration; none is called here.
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error("not used")) });
  const deps = new Proxy(
    { clock: systemClock, logger: createLogger("silent"), commands: commandCatalog } as Record<
      string,
      unknown
    >,
    { get: (target, key: string) => (key in target ? target[key] : unused) },
  );
  registerListeners(registry, deps as unknown as Parameters<typeof registerListeners>[1]);
  return registry;
}

describe("slack-manifest.yml", () => {
  it("is up to date with manifest/ (run `npm run manifest`)", () => {
    expect(readFileSync(`${root}slack-manifest.yml`, "utf8")).toBe(renderManifestYaml());
  });

  it("slack-manifest.oauth.yml is up to date too (run `npm run manifest`)", () => {
    expect(readFileSync(`${root}slack-manifest.oauth.yml`, "utf8")).toBe(renderOAuthManifestYaml());
  });

  it.skipIf(!existsSync(schemaPath) && !requireSchema)(
    "validates against Slack's manifest JSON Schema (both modes)",
    () => {
      const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
      const ajv = new Ajv({ strict: false, allErrors: true });
      const validate = ajv.compile(schema);
      for (const file of ["slack-manifest.yml", "slack-manifest.oauth.yml"]) {
        const manifest = parse(readFileSync(`${root}${file}`, "utf8"));
        const ok = validate(manifest);
        expect(validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
      }
    },
  );

  it("OAuth mode: declares the redirect URL Bolt serves and allows org-wide installs; one-token mode doesn't", () => {
    const oauth = buildManifest(undefined, "oauth");
    expect(oauth.oauth_config.redirect_urls).toEqual(["https://scrumbot.example.com/slack/oauth_redirect"]);
    expect(oauth.settings.org_deploy_enabled).toBe(true);
    expect(oauth.oauth_config.scopes).toEqual(buildManifest().oauth_config.scopes);
    expect(buildManifest().oauth_config.redirect_urls).toBeUndefined();
    expect(buildManifest().settings.org_deploy_enabled).toBe(false);
  });

  it("declares exactly the commands the app handles", () => {
    const declared = buildManifest()
      .features.slash_commands.map((c) => c.command)
      .sort();
    expect([...registeredListeners().commands].sort()).toEqual(declared);
  });

  it("declares exactly the shortcuts the app handles", () => {
    const declared = shortcutCatalog.map((s) => s.callbackId).sort();
    expect([...registeredListeners().shortcuts].sort()).toEqual(declared);
  });

  it("respects Slack's name limits", () => {
    const m = buildManifest();
    expect(m.display_information.name.length).toBeLessThanOrEqual(35);
    for (const c of m.features.slash_commands) expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
  });

  it("justifies every scope", () => {
    for (const s of botScopes) expect(s.why.length).toBeGreaterThan(10);
    expect(new Set(botScopes.map((s) => s.scope)).size).toBe(botScopes.length);
  });
});
