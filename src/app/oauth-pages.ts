/**
 * The few HTML pages of the install flow (OAuth mode): the "Add to Slack" page and the result
 * pages. Self-contained (inline style, no external assets or scripts); every dynamic value is
 * HTML-escaped.
 */
import { INSTALL_PATH } from "../config.js";

export type InstallOutcome =
  | { kind: "installed"; workspace: string | null; orgWide: boolean }
  | { kind: "cancelled" }
  | { kind: "bad_state" }
  | { kind: "failed"; reference: string };

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 34rem; margin: 4rem auto; padding: 0 1rem; color: #1d1c1d; line-height: 1.5; }
  h1 { font-size: 1.5rem; }
  a.button { display: inline-block; background: #4a154b; color: #fff; padding: .75rem 1.25rem; border-radius: .375rem; text-decoration: none; font-weight: 600; }
  a.button:focus, a.button:hover { background: #611f69; }
  .muted { color: #616061; font-size: .9rem; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The install page: one "Add to Slack" button to Slack's authorize URL (which carries the state). */
export function installPage(authorizeUrl: string): string {
  return page(
    "Add scrumbot to Slack",
    `<h1>Add scrumbot to Slack</h1>
<p>scrumbot runs your Scrum team's ceremonies in Slack: stories and the backlog, standups, refinement and planning poker, sprints, retros and stakeholder digests.</p>
<p><a class="button" href="${escapeHtml(authorizeUrl)}">Add to Slack</a></p>
<p class="muted">Slack asks you to pick the workspace and approve what scrumbot may do. This link works for 10 minutes, in this browser.</p>`,
  );
}

/** The page after Slack sent the installer back, and its HTTP status. */
export function outcomePage(outcome: InstallOutcome): { status: number; html: string } {
  const again = `<p><a class="button" href="${INSTALL_PATH}">Start the install again</a></p>`;
  switch (outcome.kind) {
    case "installed": {
      const where = outcome.workspace ? escapeHtml(outcome.workspace) : "your workspace";
      const text = outcome.orgWide
        ? `<p>scrumbot is installed for the organization <strong>${where}</strong>. An org admin can now add it to each workspace that should use it (Slack's admin page → Integrations → Installed apps).</p>`
        : `<p>scrumbot is installed in <strong>${where}</strong>.</p>`;
      return {
        status: 200,
        html: page(
          "scrumbot is installed",
          `<h1>✅ scrumbot is installed</h1>
${text}
<p>Next: invite <strong>@scrumbot</strong> to your team's channel and type <code>/scrum help</code> there. You can close this page.</p>`,
        ),
      };
    }
    case "cancelled":
      return {
        status: 200,
        html: page(
          "Install cancelled",
          `<h1>Install cancelled</h1>
<p>You cancelled on Slack's page, so nothing was installed and nothing was stored.</p>
${again}`,
        ),
      };
    case "bad_state":
      return {
        status: 400,
        html: page(
          "This install link has expired",
          `<h1>This install link has expired or was already used</h1>
<p>Nothing was installed. For your safety an install link works once, within 10 minutes, in the browser that opened the install page.</p>
${again}`,
        ),
      };
    case "failed":
      return {
        status: 500,
        html: page(
          "The install didn't finish",
          `<h1>The install didn't finish</h1>
<p>Slack and scrumbot couldn't complete the install, so nothing was stored. Please try again; if it keeps failing, give your scrumbot admin this reference from the server log: <code>${escapeHtml(outcome.reference)}</code>.</p>
${again}`,
        ),
      };
  }
}
