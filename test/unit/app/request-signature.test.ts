/** Slack's request signature over the raw body bytes (src/app/request-signature.ts). */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SignatureError, verifyRequestSignature } from "../../../src/app/request-signature.js";
import { signSlackRequest } from "../../support/slack-requests.js";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const now = Date.UTC(2026, 11, 4, 9, 0, 0);
const ts = Math.floor(now / 1000);
const body = "token=xyz&team_id=T0001&command=%2Fstory&text=Export+%E2%9C%93";

const check = (over: Partial<Parameters<typeof verifyRequestSignature>[0]> = {}) =>
  verifyRequestSignature({
    signingSecret: secret,
    rawBody: Buffer.from(body),
    signature: signSlackRequest(secret, ts, body),
    timestamp: String(ts),
    nowMs: now,
    ...over,
  });

describe("verifyRequestSignature", () => {
  it("accepts Slack's signature of the body, up to 5 minutes either side of now", () => {
    expect(() => check()).not.toThrow();
    expect(() => check({ nowMs: now + 300_000 })).not.toThrow();
    expect(() => check({ nowMs: now - 300_000 })).not.toThrow();
  });

  it("refuses a changed body, another secret, or a signature of another timestamp", () => {
    expect(() => check({ rawBody: Buffer.from(`${body}&x=1`) })).toThrow(/mismatch/);
    expect(() => check({ signature: signSlackRequest("another", ts, body) })).toThrow(/mismatch/);
    expect(() => check({ timestamp: String(ts - 1) })).toThrow(/mismatch/);
    expect(() => check({ signature: "v0=deadbeef" })).toThrow(/mismatch/);
  });

  it("refuses a timestamp more than 5 minutes in the past or the future", () => {
    expect(() => check({ nowMs: now + 301_000 })).toThrow(/5 minutes/);
    expect(() => check({ nowMs: now - 301_000 })).toThrow(/5 minutes/);
  });

  it("refuses missing, repeated or malformed headers, other versions, and an empty secret", () => {
    expect(() => check({ signature: undefined })).toThrow(/missing or repeated/);
    expect(() => check({ timestamp: undefined })).toThrow(/missing or repeated/);
    expect(() => check({ signature: [signSlackRequest(secret, ts, body), "v0=00"] })).toThrow(/repeated/);
    expect(() => check({ timestamp: `${ts}.5` })).toThrow(/not a number/);
    expect(() => check({ timestamp: "" })).toThrow(/not a number/);
    const v1 = `v1=${createHmac("sha256", secret).update(`v1:${ts}:${body}`).digest("hex")}`;
    expect(() => check({ signature: v1 })).toThrow(/version/);
    expect(() => check({ signingSecret: "" })).toThrow(SignatureError);
  });

  it("hashes the bytes Slack signed, even where they are not UTF-8", () => {
    const bytes = Buffer.concat([Buffer.from("text="), Buffer.from([0xff, 0xfe]), Buffer.from("&x=1")]);
    const mac = createHmac("sha256", secret).update(`v0:${ts}:`).update(bytes).digest("hex");
    expect(() => check({ rawBody: bytes, signature: `v0=${mac}` })).not.toThrow();
    // The same bytes decoded to a string first (U+FFFD for each invalid byte) sign differently.
    expect(() =>
      check({ rawBody: bytes, signature: signSlackRequest(secret, ts, bytes.toString()) }),
    ).toThrow(/mismatch/);
  });
});
