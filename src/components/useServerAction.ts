"use client";

import { useState, useTransition } from "react";
import type { ActionResult, FailureCode } from "@/server/auth/guard";

/**
 * The one way a form calls a server action: a pending state, and a French failure whatever goes wrong on the way —
 * the call throws or rejects (network down, a 500, the server restarting) or never answers — so that no form stays
 * « Enregistrement… » forever and every form can be sent again.
 */

/** How long a form waits for the server before saying it does not answer (the database's own timeouts are shorter). */
export const ACTION_TIMEOUT_MS = 45_000;

export const ACTION_FAILED =
  "La demande n'a pas abouti : la connexion a été interrompue ou le service est momentanément indisponible. Vérifiez votre connexion, puis réessayez.";
export const ACTION_TIMED_OUT = "Le service ne répond pas. Rechargez la page pour voir ce qui a été enregistré, puis réessayez si besoin.";

function isActionResult(value: unknown): value is ActionResult<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const result = value as { ok?: unknown; error?: unknown };
  return result.ok === true || (result.ok === false && typeof result.error === "string");
}

/** The action's own result, or a French failure (`UNEXPECTED`) when the call throws, rejects, hangs or answers nonsense. */
export async function settle<T>(call: () => Promise<ActionResult<T>>, timeoutMs: number = ACTION_TIMEOUT_MS): Promise<ActionResult<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ActionResult<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, code: "UNEXPECTED", error: ACTION_TIMED_OUT }), timeoutMs);
  });
  try {
    const result = await Promise.race([call(), timeout]);
    return isActionResult(result) ? (result as ActionResult<T>) : { ok: false, code: "UNEXPECTED", error: ACTION_FAILED };
  } catch {
    return { ok: false, code: "UNEXPECTED", error: ACTION_FAILED };
  } finally {
    clearTimeout(timer);
  }
}

/** What a form shows after its action: its own success sentence, or the French refusal or failure. */
export type ActionOutcome =
  | { kind: "success"; text: string }
  | { kind: "error"; text: string; code: FailureCode; fieldErrors?: Record<string, string[]>; details?: Record<string, unknown> };

/**
 * `run(call, onResult)`: runs the action in a transition; `onResult` receives its result or the French failure, and
 * what it does (state, router.push / refresh) belongs to the same transition, so `pending` lasts until the page shows
 * the outcome and a second click cannot send the form twice meanwhile.
 *
 * `outcome` is the refusal or failure of the last call (cleared when a call starts, so that the same message is read
 * out again), or the success sentence `onResult` gave with `setOutcome`; `fieldError(name)` the messages of one field.
 */
export function useServerAction() {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  function run<T>(call: () => Promise<ActionResult<T>>, onResult?: (result: ActionResult<T>) => void) {
    setOutcome(null);
    startTransition(async () => {
      const result = await settle(call);
      startTransition(() => {
        if (!result.ok) {
          setOutcome({ kind: "error", text: result.error, code: result.code, fieldErrors: result.fieldErrors, details: result.details });
        }
        onResult?.(result);
      });
    });
  }
  const fieldError = (name: string): string | undefined => (outcome?.kind === "error" ? outcome.fieldErrors?.[name]?.join(" ") : undefined);
  return { pending, run, outcome, setOutcome, fieldError };
}
