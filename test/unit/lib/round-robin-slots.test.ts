import { describe, expect, it } from "vitest";
import { createRoundRobinSlots } from "../../../src/lib/round-robin-slots.js";

describe("round-robin slots", () => {
  it("hands free slots to owners in turn, not in the order they asked", async () => {
    const slots = createRoundRobinSlots(1);
    const first = await slots.take("A");
    const served: string[] = [];
    const waiters = ["A", "A", "A", "B", "C"].map((owner, i) =>
      slots.take(owner).then((release) => {
        served.push(`${owner}${i}`);
        release();
      }),
    );
    expect(slots.stats()).toEqual({ inUse: 1, waiting: 5 });
    first();
    await Promise.all(waiters);
    expect(served).toEqual(["A0", "B3", "C4", "A1", "A2"]);
    expect(slots.stats()).toEqual({ inUse: 0, waiting: 0 });
  });

  it("never has more than `limit` in use, and a second release is ignored", async () => {
    const slots = createRoundRobinSlots(2);
    const a = await slots.take("A");
    await slots.take("B");
    let third = false;
    const waiting = slots.take("C").then(() => {
      third = true;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    a();
    a();
    await waiting;
    expect(slots.stats()).toEqual({ inUse: 2, waiting: 0 });
  });
});
