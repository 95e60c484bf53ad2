/**
 * Starts the real app as a child process (`app-child.ts`) the way the scheduling benchmarks need it:
 * production defaults, `npm start`'s Node flags, against the fake Slack at `apiUrl`, its clock
 * starting at `clockStart`. Resolves once it listens; a child that exits or doesn't start within a
 * minute is stopped and the error carries its stderr.
 */
import { TEST_SIGNING_SECRET } from "../../test/support/app-harness.js";
import { type RunningProcess, repoRoot, startProcess } from "../../test/support/process.js";
import { startFlags } from "./start-flags.js";

export async function startAppChild(options: {
  apiUrl: string;
  databasePath: string;
  clockStart: string;
}): Promise<{ app: RunningProcess; port: number }> {
  const app = startProcess(
    "bench/support/app-child.ts",
    {
      SLACK_API_URL: options.apiUrl,
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      DATABASE_URL: options.databasePath,
      APP_CLOCK_START: options.clockStart,
    },
    startFlags(repoRoot),
  );
  for (let waited = 0; ; waited += 20) {
    const port = Number(/listening (\d+)/.exec(app.stdout())?.[1]) || undefined;
    if (port !== undefined) return { app, port };
    const failure = app.child.exitCode !== null ? "app exited" : waited > 60_000 ? "app did not start" : null;
    if (failure) {
      app.child.kill("SIGTERM");
      throw new Error(`${failure}:\n${app.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
