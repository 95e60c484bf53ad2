import { describe, expect, it } from "vitest";
import { createYieldingQueue } from "../../../src/lib/yielding-queue.js";

describe("yielding queue", () => {
  it("runs tasks one at a time in order and resolves each with its result", async () => {
    const q = createYieldingQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      await Promise.resolve();
      log.push(name);
      running--;
      return name.toUpperCase();
    };
    const results = await Promise.all([q.run(task("a")), q.run(task("b")), q.run(task("c"))]);
    expect(results).toEqual(["A", "B", "C"]);
    expect(log).toEqual(["a", "b", "c"]);
    expect(q.size()).toBe(0);
  });

  it("hands the event loop back between tasks (what waits for a turn goes before the next task)", async () => {
    const q = createYieldingQueue();
    const log: string[] = [];
    const first = q.run(async () => {
      log.push("task 1");
      setImmediate(() => log.push("waiting I/O"));
    });
    const second = q.run(async () => void log.push("task 2"));
    await Promise.all([first, second]);
    expect(log).toEqual(["task 1", "waiting I/O", "task 2"]);
  });

  it("a failing task rejects its own caller only", async () => {
    const q = createYieldingQueue();
    const bad = q.run(async () => Promise.reject(new Error("boom")));
    const good = q.run(async () => 42);
    await expect(bad).rejects.toThrow("boom");
    await expect(good).resolves.toBe(42);
  });
});
