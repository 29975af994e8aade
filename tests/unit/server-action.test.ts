/**
 * Forms' calls of server actions (issue 13, « when the database fails »): whatever happens on the way — the call
 * throws, rejects (network down, a 500), never answers or answers nonsense — the form gets a French failure it shows,
 * and can be sent again; the action's own result passes through untouched.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ACTION_FAILED, ACTION_TIMED_OUT, ACTION_TIMEOUT_MS, settle } from "@/components/useServerAction";

afterEach(() => {
  vi.useRealTimers();
});

describe("settle", () => {
  it("passes the action's own answer through, success or refusal", async () => {
    expect(await settle(async () => ({ ok: true, data: 3 }))).toEqual({ ok: true, data: 3 });
    const refusal = { ok: false as const, code: "INVALID" as const, error: "Les informations envoyées ne sont pas valides." };
    expect(await settle(async () => refusal)).toEqual(refusal);
  });

  it("turns a rejected call (network failure, 500) or a thrown one into a French failure", async () => {
    expect(await settle(() => Promise.reject(new TypeError("Failed to fetch")))).toEqual({ ok: false, code: "UNEXPECTED", error: ACTION_FAILED });
    expect(
      await settle(() => {
        throw new Error("An unexpected response was received from the server.");
      }),
    ).toEqual({ ok: false, code: "UNEXPECTED", error: ACTION_FAILED });
    expect(await settle(async () => undefined as never)).toEqual({ ok: false, code: "UNEXPECTED", error: ACTION_FAILED });
    expect(ACTION_FAILED).toMatch(/réessayez/);
  });

  it("gives up on a call that never answers, with a French message", async () => {
    vi.useFakeTimers();
    const pending = settle(() => new Promise<never>(() => undefined));
    await vi.advanceTimersByTimeAsync(ACTION_TIMEOUT_MS);
    expect(await pending).toEqual({ ok: false, code: "UNEXPECTED", error: ACTION_TIMED_OUT });
  });
});
