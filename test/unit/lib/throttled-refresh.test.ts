import { describe, expect, it } from "vitest";
import { createThrottledRefresh } from "../../../src/lib/throttled-refresh.js";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("throttled refresh", () => {
  it("runs the first request at once and coalesces a burst into one more run after the interval", async () => {
    let clock = 0;
    const r = createThrottledRefresh({ minIntervalMs: 1000, now: () => clock });
    let runs = 0;
    const task = async () => {
      runs++;
    };
    const first = r.request("k", task);
    await first;
    expect(runs).toBe(1);
    // Within the interval: 50 requests wait for the same slot.
    clock = 10;
    const burst = Array.from({ length: 50 }, () => r.request("k", task));
    await tick();
    expect(runs).toBe(1);
    expect(r.pending()).toBe(1);
    await r.flush();
    await Promise.all(burst);
    expect(runs).toBe(2);
    expect(r.pending()).toBe(0);
  });

  it("keys are independent and the latest task for a key is the one run", async () => {
    const r = createThrottledRefresh({ minIntervalMs: 60_000 });
    const seen: string[] = [];
    await Promise.all([
      r.request("a", async () => void seen.push("a1")),
      r.request("b", async () => void seen.push("b1")),
    ]);
    expect(seen.sort()).toEqual(["a1", "b1"]);
    const p1 = r.request("a", async () => void seen.push("a2"));
    const p2 = r.request("a", async () => void seen.push("a3"));
    await r.flush();
    await Promise.all([p1, p2]);
    expect(seen.slice(2)).toEqual(["a3"]);
  });

  it("an urgent request does not wait for the interval, and one made during a run gets a run after it", async () => {
    const r = createThrottledRefresh({ minIntervalMs: 60_000 });
    let runs = 0;
    let release: () => void = () => {};
    const slow = () =>
      new Promise<void>((resolve) => {
        runs++;
        release = resolve;
      });
    const a = r.request("k", slow, { urgent: true });
    await tick();
    expect(runs).toBe(1);
    const b = r.request("k", async () => void runs++, { urgent: true }); // during the run
    release();
    await a;
    await b; // no flush: urgent means it ran right after the first, not 60 s later
    expect(runs).toBe(2);
  });

  it("a failing run rejects its requesters only, and later requests run again", async () => {
    const r = createThrottledRefresh({ minIntervalMs: 0 });
    await expect(r.request("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    let ran = false;
    await r.request("k", async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(r.pending()).toBe(0);
  });
});
