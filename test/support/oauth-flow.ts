/** The installer's browser in OAuth tests: the real install flow over HTTP against the fake Slack. */
import { expect } from "vitest";
import type { TestApp } from "./app-harness.js";
import type { InstallTarget } from "./fake-slack.js";

export interface Walk {
  installPage: string;
  stateCookie: string;
  redirect: string;
  status: number;
  html: string;
}

/** The installer's browser: GET /slack/install, click "Add to Slack", approve, follow the redirect. */
export async function install(app: TestApp, approval: InstallTarget | { deny: true }): Promise<Walk> {
  const page = await fetch(`${app.baseUrl}/slack/install`);
  expect(page.status).toBe(200);
  const installPage = await page.text();
  const stateCookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  expect(stateCookie).toMatch(/^slack-app-oauth-state=.+/);
  const href = /<a class="button" href="([^"]+)">Add to Slack<\/a>/
    .exec(installPage)?.[1]
    ?.replace(/&amp;/g, "&");
  expect(href).toBeDefined();
  app.fake.approveNextInstall(approval);
  const authorize = await fetch(href ?? "", { redirect: "manual" });
  expect(authorize.status).toBe(302);
  const redirect = authorize.headers.get("location") ?? "";
  const done = await fetch(redirect, { headers: { cookie: stateCookie }, redirect: "manual" });
  return { installPage, stateCookie, redirect, status: done.status, html: await done.text() };
}
