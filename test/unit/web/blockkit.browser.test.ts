/**
 * The renderer in a real browser (Debian's Chromium through playwright-core): the gallery page is
 * built with Vite (development mode, so React's own warnings surface), served from loopback, and
 * driven like a person would — by role and label, which also proves the accessibility wiring.
 * Asserts on the BlockAction and `state.values` the renderer hands to the host.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BurndownPoint } from "../../../src/domain/sprint.js";
import { burndownPng } from "../../../src/views/burndown.view.js";
import type { LogEntry } from "../../../web/src/blockkit/gallery.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = resolve(import.meta.dirname, "../../../web/src/blockkit");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".png": "image/png",
};

let dir: string;
let server: Server;
let browser: Browser;
let page: Page;
const problems: string[] = [];

/** apt installs Chromium at session start; give it a few minutes rather than failing at once. */
async function waitForChromium() {
  for (let i = 0; i < 180 && !existsSync(CHROMIUM); i++) await new Promise((r) => setTimeout(r, 1000));
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the chromium package`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "blockkit-gallery-"));
  await build({
    root: ROOT,
    configFile: false,
    base: "./",
    mode: "development",
    logLevel: "error",
    build: {
      outDir: dir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { input: join(ROOT, "gallery.html") },
    },
  });
  const points: BurndownPoint[] = Array.from({ length: 10 }, (_, i) => ({
    date: `2026-12-${String(i + 1).padStart(2, "0")}`,
    ideal: 20 - (20 * i) / 9,
    remaining: i < 6 ? 20 - i * 2 : null,
  }));
  await writeFile(join(dir, "burndown.png"), burndownPng(points, "Sprint 4"));
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const file = join(dir, path === "/" ? "gallery.html" : path);
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  await waitForChromium();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  // Nothing from the internet: any request off loopback is a failure.
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => {
    problems.push(`off-box request: ${route.request().url()}`);
    return route.abort();
  });
  const { port } = server.address() as AddressInfo;
  await page.goto(`http://127.0.0.1:${port}/gallery.html`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const log = () => page.evaluate(() => window.blockkitLog) as Promise<LogEntry[]>;
const actions = async () => (await log()).filter((e) => e.kind === "action");

describe("the renderer in Chromium", () => {
  it("draws the app's messages, loads the burndown locally, and asks before a dangerous click", async () => {
    for (const name of [
      "/backlog (product owner)",
      "Standup report",
      "Planning poker: revealed",
      "Monday digest",
      "App Home",
    ]) {
      const region = page.getByRole("region", { name });
      expect(await region.locator(".bk-blocks").count(), name).toBe(1);
      expect(await region.locator(".bk-error-box").count(), name).toBe(0);
    }
    await expect(page.getByRole("region", { name: "Standup report" }).textContent()).resolves.toContain(
      "Waiting for the Okta test tenant",
    );
    const sink = page.getByRole("region", { name: "Kitchen sink" });
    expect(await sink.getByRole("alert").count()).toBe(2); // the two blocks Slack would refuse
    const chart = sink.getByRole("img", { name: "Burndown of Sprint 4" });
    expect(await chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(
      100,
    );

    await sink.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete story #7?" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Archive it instead");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await actions()).toEqual([]); // "Cancel" sends nothing

    await sink.getByRole("button", { name: "Delete", exact: true }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    const [deleted] = await actions();
    expect(deleted?.kind === "action" && deleted.action).toEqual({
      type: "button",
      action_id: "sink_danger",
      block_id: "sink_actions",
      value: "story-7",
      text: { type: "plain_text", text: "Delete", emoji: true },
      action_ts: `${Date.parse("2026-12-02T09:30:00Z") / 1000}.000000`,
    });

    await sink.getByRole("button", { name: "Priority" }).click();
    await page.getByRole("option", { name: "Critical" }).click();
    const picked = (await actions()).at(-1);
    expect(picked?.kind === "action" && picked.action).toMatchObject({
      type: "static_select",
      action_id: "sink_static",
      block_id: "sink_actions",
      selected_option: { value: "critical", text: { text: "Critical" } },
    });
    // Slack sends the message's state with the action: the select's new value is in it.
    expect(picked?.kind === "action" && picked.state?.sink_actions?.sink_static?.selected_option?.value).toBe(
      "critical",
    );
  });

  it("works an overflow menu by keyboard, through its confirm dialog", async () => {
    const sink = page.getByRole("region", { name: "Kitchen sink" });
    await sink.getByRole("button", { name: "More actions" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Edit");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("alertdialog", { name: "Delete this?" });
    await dialog.getByRole("button", { name: "Delete" }).click();
    const last = (await actions()).at(-1);
    expect(last?.kind === "action" && last.action).toMatchObject({
      type: "overflow",
      action_id: "sink_overflow",
      block_id: "sink_text",
      selected_option: { value: "delete", text: { text: "Delete" } },
    });
  });

  it("clicks a real app button: the backlog's product-owner controls send the app's own ids", async () => {
    const before = (await actions()).length;
    const backlog = page.getByRole("region", { name: "/backlog (product owner)" });
    await backlog.locator("button.bk-btn").first().click();
    const all = await actions();
    expect(all.length).toBe(before + 1);
    const last = all.at(-1);
    expect(last?.kind === "action" && last.action.type).toBe("button");
    expect(last?.kind === "action" && last.action.action_id).toMatch(/^[a-z_]+/);
  });

  it("fills a modal: client checks, an app field error, a dispatched radio, then Slack's state.values", async () => {
    await page.getByRole("button", { name: "Open “Every input”" }).click();
    const modal = page.getByRole("dialog", { name: "Every input" });
    await modal.waitFor();

    await modal.getByRole("button", { name: "Save" }).click();
    expect(await modal.getByText("Please complete this required field.").count()).toBe(2); // Title, Points
    expect((await log()).filter((e) => e.kind === "submit")).toEqual([]);

    await modal.getByLabel("Title").fill("TBD");
    await modal.getByLabel("Points").fill("5");
    expect(await modal.getByText("Please complete this required field.").count()).toBe(0);
    await modal.getByLabel("Due").fill("2026-12-10");
    await modal.getByRole("checkbox", { name: "Tue" }).check();
    await modal.getByLabel("Watchers").click();
    await page.getByRole("option", { name: "Kenji Sato" }).click();
    await modal.getByRole("heading", { name: "Every input" }).click(); // closes the menu
    // By keyboard: ArrowDown opens the owner menu, typing filters, Enter picks.
    await modal.getByLabel("Owner").press("ArrowDown");
    await page.keyboard.type("kenji");
    await page.keyboard.press("Enter");
    expect(await modal.getByLabel("Owner").textContent()).toContain("Kenji Sato");

    // dispatch_action on the radio input: the host hears it at once, with the modal's state.
    await modal.getByRole("radio", { name: /One zone/ }).check();
    const radio = (await actions()).at(-1);
    expect(radio?.kind === "action" && radio.action).toMatchObject({
      type: "radio_buttons",
      block_id: "mode",
      action_id: "v",
      selected_option: { value: "fixed" },
    });
    expect(radio?.kind === "action" && radio.state?.title?.v).toEqual({
      type: "plain_text_input",
      value: "TBD",
    });

    await modal.getByRole("button", { name: "Save" }).click();
    const error = modal.getByRole("alert");
    await expect(error.textContent()).resolves.toContain("Give the story a real title");
    expect(await modal.getByLabel("Title").getAttribute("aria-invalid")).toBe("true");

    await modal.getByLabel("Title").fill("Export to CSV");
    await modal.getByRole("button", { name: "Save" }).click();
    await modal.waitFor({ state: "detached" });
    const submits = (await log()).filter((e) => e.kind === "submit");
    expect(submits).toHaveLength(2);
    const plain = (text: string) => ({ type: "plain_text", text, emoji: true });
    expect(submits[1]?.kind === "submit" && submits[1].values).toEqual({
      title: { v: { type: "plain_text_input", value: "Export to CSV" } },
      notes: { v: { type: "plain_text_input", value: "first line" } },
      points: { v: { type: "number_input", value: "5" } },
      labels: { v: { type: "multi_static_select", selected_options: [{ text: plain("ux"), value: "ux" }] } },
      owner: { v: { type: "users_select", selected_user: "U0TOKYO" } },
      watchers: { v: { type: "multi_users_select", selected_users: ["U0TOKYO"] } },
      channel: { v: { type: "conversations_select", selected_conversation: "C0TEAM" } },
      due: { v: { type: "datepicker", selected_date: "2026-12-10" } },
      at: { v: { type: "timepicker", selected_time: "09:00" } },
      days: {
        v: {
          type: "checkboxes",
          selected_options: [
            { text: plain("Mon"), value: "1" },
            { text: plain("Tue"), value: "2" },
          ],
        },
      },
      mode: {
        v: {
          type: "radio_buttons",
          selected_option: { text: { type: "mrkdwn", text: "*One zone*" }, value: "fixed" },
        },
      },
    });
    await page.screenshot({ path: join(dir, "..", "blockkit-gallery.png"), fullPage: true });
    expect(problems).toEqual([]);
  });
});
