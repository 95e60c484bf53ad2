/** Runs `src/main.ts` as a real child process (via tsx) for start-up, shutdown and crash tests, and benchmarks' built app. */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as import("node:net").AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface RunningProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node [nodeArgs…] --import tsx <script>` with exactly `env` (plus PATH/HOME), from the repo
 * root; a JavaScript `script` (a build's `dist/src/main.js`) runs without tsx's loader.
 */
export function startProcess(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): RunningProcess {
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/**
 * Polls `url` until it answers `status` (or throws after `timeoutMs`). Given the process that should
 * answer, it throws as soon as that process exits, with its stderr, instead of waiting out the clock.
 */
export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs = 30_000,
  proc?: RunningProcess,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (proc && proc.child.exitCode !== null) {
      throw new Error(
        `${url}: the process exited (code ${proc.child.exitCode}) before answering:\n${proc.stderr()}`,
      );
    }
    try {
      if ((await fetch(url)).status === status) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const tail = proc ? `; its stderr so far:\n${proc.stderr().slice(-4000)}` : "";
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms${tail}`);
}

/**
 * `count` replicas of the real entry point (`src/main.ts`) in HTTP mode, started together on one
 * database and one fake Slack, each on its own port; resolves once every one answers /healthz 200.
 * Each process is pushed onto `into` as it starts, so the caller's cleanup stops them even when a
 * replica never comes up.
 */
export async function startReplicas(options: {
  count: number;
  apiUrl: string;
  databaseUrl: string;
  signingSecret: string;
  into: RunningProcess[];
  /** Extra environment (pool size, log level…). */
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<{ ports: number[]; eventUrls: string[] }> {
  const ports = await Promise.all(Array.from({ length: options.count }, () => freePort()));
  const started = ports.map((port) => {
    const proc = startProcess("src/main.ts", {
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: options.signingSecret,
      SLACK_API_URL: options.apiUrl,
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      ...options.env,
    });
    options.into.push(proc);
    return proc;
  });
  await Promise.all(
    ports.map((port, i) =>
      waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, options.timeoutMs ?? 60_000, started[i]),
    ),
  );
  return { ports, eventUrls: ports.map((port) => `http://127.0.0.1:${port}/slack/events`) };
}
