import { describe, expect, it } from "vitest";
import { BusyError } from "../../../src/lib/errors.js";
import { createTurnBudget, createWorkScheduler } from "../../../src/lib/work-scheduler.js";

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("work scheduler", () => {
  it("starts trigger-bound jobs before normal ones, first come first served within a priority", async () => {
    const work = createWorkScheduler();
    const started: string[] = [];
    const job = (name: string) => async () => void started.push(name);
    await Promise.all([
      work.run("normal", job("n1")),
      work.run("normal", job("n2")),
      work.run("trigger", job("t1")),
      work.run("trigger", job("t2")),
    ]);
    expect(started).toEqual(["t1", "t2", "n1", "n2"]);
  });

  it("starts at most one job per event-loop turn, after I/O waiting in that turn", async () => {
    const work = createWorkScheduler();
    const events: string[] = [];
    const done = [
      work.run("normal", async () => void events.push("job 1")),
      work.run("normal", async () => void events.push("job 2")),
    ];
    // Nothing starts synchronously or in this turn's microtasks.
    await Promise.resolve();
    expect(events).toEqual([]);
    await turn();
    expect(events).toEqual(["job 1"]);
    await Promise.all(done);
    expect(events).toEqual(["job 1", "job 2"]);
  });

  it("does not wait for a started job to finish before starting the next (up to maxRunning)", async () => {
    const work = createWorkScheduler({ maxRunning: 2 });
    let releaseSlow: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const order: string[] = [];
    const a = work.run("normal", async () => {
      order.push("a start");
      await slow;
      order.push("a end");
    });
    const b = work.run("normal", async () => void order.push("b"));
    const c = work.run("normal", async () => {
      order.push("c start");
      await slow;
    });
    const d = work.run("normal", async () => void order.push("d"));
    await b;
    for (let i = 0; i < 5; i++) await turn();
    // a and c are running: d waits for one of them.
    expect(order).toEqual(["a start", "b", "c start"]);
    expect(order).not.toContain("d");
    expect(work.stats()).toMatchObject({ running: 2, waiting: 1 });
    releaseSlow();
    await Promise.all([a, c, d]);
    expect(order.at(-1)).toBe("d");
    expect(work.stats()).toEqual({ running: 0, waiting: 0, refused: 0 });
  });

  it("refuses at once when maxWaiting jobs are waiting, and counts the refusals", async () => {
    const work = createWorkScheduler({ maxWaiting: 2 });
    const ran: number[] = [];
    const first = work.run("normal", async () => void ran.push(1));
    const second = work.run("normal", async () => void ran.push(2));
    expect(work.admit("trigger")).toBeNull();
    await expect(work.run("normal", async () => void ran.push(3))).rejects.toBeInstanceOf(BusyError);
    expect(work.stats().refused).toBe(2);
    await Promise.all([first, second]);
    expect(ran).toEqual([1, 2]);
    // Room again once the queue has drained.
    await work.run("normal", async () => void ran.push(4));
    expect(ran).toEqual([1, 2, 4]);
  });

  it("admitAlways queues even when full (work that must not be lost)", async () => {
    const work = createWorkScheduler({ maxWaiting: 1 });
    const first = work.admit("normal");
    expect(work.admit("normal")).toBeNull();
    const kept = work.admitAlways("normal");
    expect(work.stats()).toMatchObject({ waiting: 2, refused: 1 });
    (await first)?.();
    (await kept)();
    expect(work.stats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it("isolates failures: a job's error rejects only its own run, the next jobs still run", async () => {
    const work = createWorkScheduler({ maxRunning: 1 });
    const failing = work.run("normal", async () => {
      throw new Error("boom");
    });
    const fine = work.run("normal", async () => "ok");
    await expect(failing).rejects.toThrow("boom");
    await expect(fine).resolves.toBe("ok");
    expect(work.stats()).toEqual({ running: 0, waiting: 0, refused: 0 });
  });

  it("ignores a second release of the same job", async () => {
    const work = createWorkScheduler({ maxRunning: 1 });
    const release = await work.admit("normal");
    const other = work.admit("normal");
    release?.();
    release?.();
    const releaseOther = await other;
    expect(work.stats().running).toBe(1);
    releaseOther?.();
    expect(work.stats().running).toBe(0);
  });
});

describe("time budget per turn", () => {
  const busy = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // a synchronous stretch, as a render or a SQLite read is
    }
  };

  it("lets work go on in a turn while the budget lasts, then yields to I/O waiting in that turn", async () => {
    const budget = createTurnBudget(5);
    const events: string[] = [];
    await new Promise<void>((resolve) => setImmediate(resolve)); // start on a fresh turn
    setImmediate(() => events.push("I/O callback"));
    await budget.spend(); // opens the turn
    events.push("item 1");
    await budget.spend(); // budget left: same turn
    events.push("item 2");
    busy(8);
    await budget.spend(); // spent: the waiting callback goes first
    events.push("item 3");
    expect(events).toEqual(["item 1", "item 2", "I/O callback", "item 3"]);
  });

  it("never makes anyone wait after the loop was idle", async () => {
    const budget = createTurnBudget(1);
    await budget.spend();
    busy(3);
    await new Promise<void>((resolve) => setTimeout(resolve, 5)); // the turn ends
    const events: string[] = [];
    setImmediate(() => events.push("later"));
    await budget.spend();
    events.push("continued");
    expect(events).toEqual(["continued"]);
  });

  it("checkpoint: continuations of started jobs share one budget per turn", async () => {
    const work = createWorkScheduler({ turnBudgetMs: 2 });
    const order: string[] = [];
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Two handlers resumed in the same turn (their Slack answers came together), an ack waiting.
    const resumed = ["a", "b"].map(
      (name) =>
        new Promise<void>((resolve) =>
          setImmediate(async () => {
            await work.checkpoint();
            busy(3);
            order.push(name);
            resolve();
          }),
        ),
    );
    setImmediate(() => order.push("ack"));
    await Promise.all(resumed);
    // "a" used the turn's budget: "b" resumed only after the waiting ack.
    expect(order).toEqual(["a", "ack", "b"]);
  });

  describe("held back while requests keep arriving (their acks go first)", () => {
    /** Calls `requestArrived` every `everyMs` for `forMs`; resolves when the stream stops. */
    const stream = (work: ReturnType<typeof createWorkScheduler>, everyMs: number, forMs: number) =>
      new Promise<number>((resolve) => {
        const until = performance.now() + forMs;
        work.requestArrived();
        const timer = setInterval(() => {
          if (performance.now() >= until) {
            clearInterval(timer);
            resolve(performance.now());
            return;
          }
          work.requestArrived();
        }, everyMs);
      });

    it("starts nothing until requests pause for quietMs", async () => {
      const work = createWorkScheduler({ quietMs: 30, maxHoldMs: 5_000 });
      const t0 = performance.now();
      const stopped = stream(work, 5, 120);
      let startedAt = 0;
      await work.run("trigger", async () => {
        startedAt = performance.now();
      });
      const streamEnd = await stopped;
      // Not during the stream, and not before the pause was quietMs long.
      expect(startedAt - t0).toBeGreaterThanOrEqual(120);
      expect(startedAt).toBeGreaterThanOrEqual(streamEnd + 20);
    });

    it("never holds a job longer than maxHoldMs, then drains one start per turn as before", async () => {
      const work = createWorkScheduler({ quietMs: 30, maxHoldMs: 60 });
      const streaming = stream(work, 5, 400);
      const t0 = performance.now();
      const started: number[] = [];
      await Promise.all(
        [1, 2, 3].map(() => work.run("normal", async () => void started.push(performance.now() - t0))),
      );
      // All three started while requests were still arriving (the stream lasts 400 ms).
      expect(started).toHaveLength(3);
      for (const at of started) {
        expect(at).toBeGreaterThanOrEqual(58);
        expect(at).toBeLessThan(250);
      }
      await streaming;
    });

    it("does not hold when no request arrived lately", async () => {
      const work = createWorkScheduler({ quietMs: 30, maxHoldMs: 5_000 });
      work.requestArrived();
      await new Promise((r) => setTimeout(r, 40));
      const t0 = performance.now();
      await work.run("normal", async () => {});
      expect(performance.now() - t0).toBeLessThan(25);
    });
  });
});

describe("told when idle", () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("once the last job has ended and requests have paused for afterMs, and once per idle spell", async () => {
    const idleAt: number[] = [];
    const work = createWorkScheduler({ idle: { afterMs: 20, run: () => idleAt.push(performance.now()) } });
    let finishedAt = 0;
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const jobs = [
      work.run("normal", async () => {
        await slow; // a job waiting on Slack: not idle yet
        finishedAt = performance.now();
      }),
      work.run("normal", async () => {}),
    ];
    await sleep(40);
    expect(idleAt).toEqual([]); // one job still running
    release();
    await Promise.all(jobs);
    await sleep(150);
    expect(idleAt).toHaveLength(1);
    expect((idleAt[0] ?? 0) - finishedAt).toBeGreaterThanOrEqual(18);
    await sleep(100);
    expect(idleAt).toHaveLength(1); // still idle: not told again
    await work.run("normal", async () => {});
    await sleep(150);
    expect(idleAt).toHaveLength(2); // a new spell after new work
  });

  it("waits while requests keep arriving after the last job, then tells", async () => {
    const idleAt: number[] = [];
    const work = createWorkScheduler({ idle: { afterMs: 80, run: () => idleAt.push(performance.now()) } });
    await work.run("normal", async () => {});
    let lastArrival = 0;
    for (let i = 0; i < 8; i++) {
      work.requestArrived(); // requests acked without work of their own
      lastArrival = performance.now();
      await sleep(8);
    }
    expect(idleAt).toEqual([]);
    await sleep(250);
    expect(idleAt).toHaveLength(1);
    expect((idleAt[0] ?? 0) - lastArrival).toBeGreaterThanOrEqual(78);
  });

  it("counts the quiet time from the last job's end, also for jobs no request started", async () => {
    const idleAt: number[] = [];
    const work = createWorkScheduler({ idle: { afterMs: 150, run: () => idleAt.push(performance.now()) } });
    await work.run("normal", async () => {});
    await sleep(30); // well inside the first job's 150 ms
    let lastEnd = 0;
    await work.run("normal", async () => {
      lastEnd = performance.now();
    });
    await sleep(300);
    expect(idleAt).toHaveLength(1);
    expect((idleAt[0] ?? 0) - lastEnd).toBeGreaterThanOrEqual(148);
  });

  it("is not told while a job waits for its start", async () => {
    const idleAt: number[] = [];
    const work = createWorkScheduler({
      maxRunning: 1,
      idle: { afterMs: 5, run: () => idleAt.push(performance.now()) },
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = work.run("normal", () => gate);
    const second = work.run("normal", async () => {});
    await sleep(30);
    expect(idleAt).toEqual([]);
    release();
    await Promise.all([first, second]);
    await sleep(150);
    expect(idleAt).toHaveLength(1);
  });
});
