/**
 * The playground in a real browser: Debian's Chromium driven by playwright-core, against the real
 * app and the Slack simulator (one playground with fresh demo data for the whole file). Each journey
 * asserts on what the page shows and saves a screenshot to .ci/out/playground/; with
 * PLAYGROUND_SCREENSHOTS=docs the main surfaces are also written to docs/images/ for the README.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/lib/logger.js";
import { startPlaygroundServer } from "../../src/playground/http.js";
import { Playground } from "../../src/playground/playground.js";
import { ensureWebBuild, repoRoot } from "../../src/playground/web-build.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ROOT = repoRoot();
const SHOTS = join(ROOT, ".ci", "out", "playground");
const DOCS_IMAGES = join(ROOT, "docs", "images");
const WAIT = { timeout: 15_000 };

describe.skipIf(!existsSync(CHROMIUM))("playground in a real browser (Chromium)", { timeout: 60_000 }, () => {
  let dir: string;
  let playground: Playground;
  let server: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const webRoot = await ensureWebBuild(() => undefined);
    dir = mkdtempSync(join(tmpdir(), "scrumbot-playground-"));
    playground = new Playground({
      databasePath: join(dir, "playground.db"),
      logger: createLogger("silent"),
      logLevel: "silent",
    });
    await playground.start();
    const started = await startPlaygroundServer({ playground, webRoot, port: 0, host: "127.0.0.1" });
    server = started.server;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(`http://127.0.0.1:${started.port}/`);
    await page.getByText("never talks to real Slack").waitFor(WAIT);
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
    await playground?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail")
      await page.screenshot({ path: join(SHOTS, `FAILED ${ctx.task.name}.png`) });
  });

  /** Saves a screenshot of the page; `docs` names the README image it becomes. */
  const shot = async (name: string, docs?: string) => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    if (docs && process.env.PLAYGROUND_SCREENSHOTS === "docs") {
      mkdirSync(DOCS_IMAGES, { recursive: true });
      await page.screenshot({ path: join(DOCS_IMAGES, `${docs}.png`) });
    }
  };
  const as = async (name: string) => {
    await page.getByLabel("Person").selectOption({ label: name });
  };
  const open = async (nav: string) => {
    await page.getByRole("navigation").getByRole("button", { name: nav }).click();
  };
  const type = async (conversation: string, text: string) => {
    const box = page.getByLabel(`Message ${conversation}`);
    await box.fill(text);
    await box.press("Enter");
  };
  const modal = () => page.getByRole("dialog");
  const lastEphemeral = () => page.getByRole("article", { name: "Only visible to you" }).last();
  const visible = (l: Locator) => l.waitFor({ state: "visible", ...WAIT });

  it("captures a story through the modal after a field error", async () => {
    await as("Priya Sharma — Product owner");
    await open("# team");
    await type("#team", "/story");
    await visible(modal().getByRole("heading", { name: "New user story" }));
    // Spaces pass the client's "required" check; the app refuses them and marks the field.
    const title = modal().getByLabel("Title", { exact: false }).first();
    await title.fill("   ");
    await modal().getByRole("button", { name: "Add to backlog" }).click();
    const error = modal().locator(".bk-field-error");
    await visible(error);
    expect(await error.first().textContent()).toMatch(/title/i);
    await shot("story-field-error");

    await title.fill("Export the backlog to CSV");
    await modal().getByRole("button", { name: "Add to backlog" }).click();
    await modal().waitFor({ state: "detached", ...WAIT });
    await visible(page.getByText("Export the backlog to CSV").first());
    await shot("story-captured");
  });

  it("reorders the backlog as the product owner; a viewer is refused", async () => {
    await as("Priya Sharma — Product owner");
    await open("# team");
    await type("#team", "/backlog");
    const board = lastEphemeral();
    await visible(board.getByText("Export to CSV"));
    const before = await board.locator(".bk-section").allTextContents();
    const csvAt = before.findIndex((t) => t.includes("Export to CSV"));
    expect(csvAt).toBeGreaterThan(0);
    const csv = Number(/#(\d+)/.exec(before[csvAt] ?? "")?.[1]);
    // Each story has one ⋯ menu; moving is the PO's reorder mode, whose buttons say which story.
    expect(await board.getByRole("button", { name: "More actions" }).count()).toBe(before.length);
    await board.getByRole("button", { name: "Reorder or archive" }).click();
    await lastEphemeral()
      .getByRole("button", { name: `Move #${csv} to the top` })
      .click();
    await visible(page.getByText(new RegExp(`Moved #${csv} from position ${csvAt + 1} to 1\\b`)));
    await type("#team", "/backlog");
    await expect
      .poll(async () => (await lastEphemeral().locator(".bk-section").first().textContent()) ?? "", WAIT)
      .toContain("Export to CSV");
    // The story that was first is now second: a move, not a swap or a copy.
    expect(await lastEphemeral().locator(".bk-section").nth(1).textContent()).toBe(before[0]);
    // The top of the backlog, where Export to CSV now is.
    await lastEphemeral().evaluate((el) => el.scrollIntoView({ block: "start" }));
    await shot("backlog-reordered", "playground-backlog");

    await as("Sam Okafor — Stakeholder (viewer)");
    await open("# team");
    await type("#team", "/backlog");
    const viewerBoard = lastEphemeral();
    await visible(viewerBoard.getByText("Export to CSV"));
    // A viewer sees the backlog without the product owner's controls: no menus, no reorder mode.
    expect(await viewerBoard.getByRole("button", { name: "More actions" }).count()).toBe(0);
    expect(await viewerBoard.getByRole("button", { name: /Reorder|Move #/ }).count()).toBe(0);
    await type("#team", "/backlog size 5");
    await expect
      .poll(async () => (await lastEphemeral().textContent()) ?? "", WAIT)
      .toMatch(/product owner|admin/i);
    await shot("backlog-viewer-refused");
  });

  it("runs planning poker with two people and reveals the votes", async () => {
    await as("Priya Sharma — Product owner");
    await open("# general");
    await type("#general", "/poker #34");
    const board = page.getByRole("article").filter({ hasText: "Planning poker" }).last();
    await visible(board);
    const voted = (n: number) =>
      expect
        .poll(async () => (await board.textContent()) ?? "", WAIT)
        .toMatch(new RegExp(`Voted \\(${n}\\)`));
    // One click on a card votes; only the voter is told which card.
    await board.getByRole("button", { name: "Vote 5 points", exact: true }).click();
    await visible(lastEphemeral().getByText(/Your vote 5 for #34 is in/));
    await voted(1);
    // The other voter explains the card through "Vote with a reason".
    await as("Kenji Watanabe — Team member in Tokyo");
    await board.getByRole("button", { name: "Vote with a reason" }).click();
    await visible(modal().getByRole("heading", { name: "Your vote" }));
    await modal().locator(".bk-select-trigger").first().click();
    await page.getByRole("option", { name: "8 pts", exact: true }).click();
    await modal().getByLabel(/Why\?/).fill("the export touches three services");
    await modal().getByRole("button", { name: "Vote", exact: true }).click();
    await modal().waitFor({ state: "detached", ...WAIT });
    await voted(2);
    // Until the reveal the board names who voted, never what or why.
    const hidden = (await board.textContent()) ?? "";
    expect(hidden).not.toMatch(/Priya Sharma\s*5|Kenji Watanabe\s*8|three services|Suggested/);

    await as("Priya Sharma — Product owner");
    await board.getByRole("button", { name: /Reveal/ }).click();
    await expect
      .poll(async () => (await board.textContent()) ?? "", WAIT)
      .toMatch(
        /Priya Sharma\s*5[\s\S]*Kenji Watanabe\s*8\s*· the export touches three services[\s\S]*Suggested:\s*8 pts/,
      );
    await expect.poll(() => board.getByRole("button", { name: "Accept 8 pts" }).isVisible(), WAIT).toBe(true);
    expect(await board.getByRole("button", { name: /^Vote/ }).count()).toBe(0);
    await board.scrollIntoViewIfNeeded();
    await shot("poker-revealed", "playground-poker");
  });

  it("prompts the standup at 09:00, takes the answer and posts the report in the channel thread", async () => {
    await as("Priya Sharma — Product owner");
    await open("scrumbot — Messages");
    const prompts = page.getByRole("button", { name: "Write my standup" });
    const before = await prompts.count();
    // Standups run Monday to Friday: jump to 09:00 Berlin until a new prompt arrives (at most 3 days).
    for (let i = 0; i < 3 && (await prompts.count()) === before; i++) {
      await page.getByRole("button", { name: "Next 09:00 Berlin" }).click();
      await expect
        .poll(() => page.getByRole("button", { name: "Next 09:00 Berlin" }).isEnabled(), WAIT)
        .toBe(true);
      await page.waitForTimeout(500);
    }
    expect(await page.getByTestId("clock").textContent()).toMatch(/09:0\d Berlin/);
    await expect.poll(() => prompts.count(), WAIT).toBe(before + 1);
    await prompts.last().click();
    await visible(modal());
    const boxes = modal().locator("textarea, input[type=text]");
    await boxes.nth(0).fill("Finished the CSV export spike");
    await boxes.nth(1).fill("Pairing with Kenji on SSO");
    await modal()
      .getByRole("button", { name: /Post|Update/ })
      .click();
    await modal().waitFor({ state: "detached", ...WAIT });

    await open("# team");
    const report = page.getByRole("button", { name: /1 reply|replies/ }).last();
    await visible(report);
    await report.click();
    const thread = page.getByRole("complementary", { name: "Thread" });
    await visible(thread.getByText("Finished the CSV export spike"));
    await shot("standup-report", "playground-standup");
  });

  it("posts the Monday digest in #product", async () => {
    await as("Sam Okafor — Stakeholder (viewer)");
    await page.getByRole("button", { name: "Next Monday 09:00" }).click();
    await expect
      .poll(() => page.getByRole("button", { name: "Next Monday 09:00" }).isEnabled(), WAIT)
      .toBe(true);
    expect(await page.getByTestId("clock").textContent()).toMatch(/^Mon .* 09:0\d Berlin/);
    await open("# product");
    const digest = page
      .getByRole("article")
      .filter({ hasText: /digest/i })
      .last();
    await visible(digest);
    await expect.poll(async () => (await digest.textContent()) ?? "", WAIT).toMatch(/Weekly active teams/);
    await shot("digest", "playground-digest");
  });
});
