/**
 * Per-workspace pacing over real SQLite: two pacers on one database stand for two replicas.
 * Time is injected (wall-clock ms and a sleep that advances it) so slots are exact.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPacingRepository } from "../../../src/db/pacing.repository.js";
import {
  budgetsFor,
  createWorkspacePacer,
  nextSlot,
  type WorkspacePacer,
} from "../../../src/services/outbox-pacing.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

const T0 = Date.parse("2026-11-30T08:00:00Z");

describe("nextSlot (GCRA)", () => {
  const perSecond4 = { intervalMs: 250, burst: 1 };
  it("spaces calls one interval apart and saves up no idle time", () => {
    let state = { nextAt: 0, heldUntil: 0 };
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const slot = nextSlot(state, 1000, perSecond4);
      starts.push(slot.startMs);
      state = { ...state, nextAt: slot.nextAt };
    }
    expect(starts).toEqual([1000, 1250, 1500]);
    // Asked for long after: starts at once, the quiet spell is not a burst.
    expect(nextSlot(state, 5000, perSecond4)).toEqual({ startMs: 5000, nextAt: 5250 });
  });

  it("lets a burst through after a quiet spell, then the sustained rate", () => {
    const budget = { intervalMs: 1000, burst: 3 };
    let state = { nextAt: 0, heldUntil: 0 };
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const slot = nextSlot(state, 10_000, budget);
      starts.push(slot.startMs);
      state = { ...state, nextAt: slot.nextAt };
    }
    expect(starts).toEqual([10_000, 10_000, 10_000, 11_000, 12_000]);
  });

  it("starts no call before a Retry-After hold ends", () => {
    expect(nextSlot({ nextAt: 0, heldUntil: 3000 }, 1000, perSecond4).startMs).toBe(3000);
  });

  it("keeps chat.update's burst plus its rate within Tier 3's 50 a minute", () => {
    const b = budgetsFor()["chat.update"];
    expect(b.burst + 60_000 / b.intervalMs).toBeLessThanOrEqual(50);
    expect(budgetsFor()["chat.postMessage"]).toEqual({ intervalMs: 250, burst: 1 });
  });
});

describe("workspace pacer over the pacing table", () => {
  let db: TestDatabase;
  let now: number;
  const replica = (): WorkspacePacer =>
    createWorkspacePacer({
      store: createPacingRepository(db.db),
      nowMs: () => now,
      sleep: async (ms) => {
        now += Math.max(0, ms);
      },
    });

  beforeEach(async () => {
    db = await createTestDatabase("memory");
    now = T0;
  });
  afterEach(() => db.dispose());

  it("shares one workspace's budget between replicas, and gives each workspace its own", async () => {
    const [one, two] = [replica(), replica()];
    const a1 = await one.acquire("TA", "chat.postMessage", "U1");
    const a2 = await two.acquire("TA", "chat.postMessage", "U2");
    const a3 = await one.acquire("TA", "chat.postMessage", "U3");
    expect([a1 - T0, a2 - T0, a3 - T0]).toEqual([0, 250, 500]);
    // Workspace B is not behind A's calls: its first slot is now.
    expect((await two.acquire("TB", "chat.postMessage", "U9")) - now).toBe(0);
  });

  it("never hands one slot to two callers racing on the same row", async () => {
    // Two replicas whose time stands still: all 20 callers read the row before any of them writes it.
    const frozen = [0, 1].map(() =>
      createWorkspacePacer({ store: createPacingRepository(db.db), nowMs: () => T0, sleep: async () => {} }),
    );
    const starts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => frozen[i % 2]?.acquire("TA", "chat.postMessage", `U${i}`)),
    );
    const offsets = starts.map((s) => (s ?? 0) - T0).sort((x, y) => x - y);
    expect(offsets).toEqual(Array.from({ length: 20 }, (_, i) => i * 250));
  });

  it("holds a 429's workspace and method only, on every replica", async () => {
    const [one, two] = [replica(), replica()];
    await one.acquire("TA", "chat.postMessage", "U1");
    await one.hold("TA", "chat.postMessage", 5000);
    const held = now;
    // Another replica waits for the hold to end before A's next post...
    expect(await two.acquire("TA", "chat.postMessage", "U2")).toBeGreaterThanOrEqual(held + 5000);
    now = held;
    // ...but A's updates and B's posts are not held.
    expect(await two.acquire("TA", "chat.update", "C1")).toBe(held);
    expect(await two.acquire("TB", "chat.postMessage", "U3")).toBe(held);
  });

  it("looks at the hold again after waiting for a slot reserved before the 429", async () => {
    const one = replica();
    const store = createPacingRepository(db.db);
    // A caller reserves a slot 250 ms ahead; a 429 arrives while it waits for it.
    const paced = createWorkspacePacer({
      store,
      nowMs: () => now,
      sleep: async (ms) => {
        now += ms;
        if (now === T0 + 250) await store.hold("TA", "chat.postMessage", T0 + 3000);
      },
    });
    await one.acquire("TA", "chat.postMessage", "U1");
    expect(await paced.acquire("TA", "chat.postMessage", "U2")).toBeGreaterThanOrEqual(T0 + 3000);
  });

  it("paces one conversation at about one message a second after a burst of 3", async () => {
    const one = createWorkspacePacer({
      store: createPacingRepository(db.db),
      options: { workspacePerSecond: 1000 },
      nowMs: () => now,
      sleep: async (ms) => {
        now += Math.max(0, ms);
      },
    });
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) starts.push((await one.acquire("TA", "chat.postMessage", "C1")) - T0);
    expect(starts).toEqual([0, 1, 2, 1000, 2000]);
  });
});
