"use client";

import { useState } from "react";
import type { ActionResult } from "@/server/auth/guard";
import { useServerAction } from "@/components/useServerAction";

export const inputClass =
  "mt-1 block min-h-11 w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700";
export const primaryButton =
  "min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60";
export const secondaryButton =
  "min-h-11 rounded-md border border-slate-400 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";

export type Outcome =
  | { kind: "success"; text: string }
  | { kind: "error"; text: string; fieldErrors?: Record<string, string[]>; details?: Record<string, unknown> };

/** Runs a server action (useServerAction) and keeps its French outcome for the form to show. */
export function useSettingsAction() {
  const { pending, run } = useServerAction();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  function submit<T>(call: () => Promise<ActionResult<T>>, success: (data: T) => string, after?: (data: T) => void) {
    run(call, (result) => {
      if (result.ok) {
        setOutcome({ kind: "success", text: success(result.data) });
        after?.(result.data);
      } else {
        setOutcome({ kind: "error", text: result.error, fieldErrors: result.fieldErrors, details: result.details });
      }
    });
  }
  const fieldError = (name: string): string | undefined =>
    outcome?.kind === "error" ? outcome.fieldErrors?.[name]?.join(" ") : undefined;
  return { pending, outcome, setOutcome, submit, fieldError };
}

/** The confirmation a refusal asks for (`details.confirmation` of a CONFIRMATION_REQUIRED refusal), if any. */
export function confirmationOf(outcome: Outcome | null): string | null {
  if (outcome?.kind !== "error") return null;
  const value = outcome.details?.confirmation;
  return typeof value === "string" ? value : null;
}

/** Success (polite status) or error (alert) of a form; field errors are listed too. */
export function Feedback({ outcome, hideError = false }: { outcome: Outcome | null; hideError?: boolean }) {
  if (!outcome) return null;
  if (outcome.kind === "success") {
    return (
      <p role="status" className="mt-3 rounded-md bg-green-50 p-3 text-sm text-green-900">
        {outcome.text}
      </p>
    );
  }
  if (hideError) return null;
  const fields = Object.values(outcome.fieldErrors ?? {}).flat();
  return (
    <div role="alert" className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-900">
      <p>{outcome.text}</p>
      {fields.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {fields.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The refusal that asks for a confirmation, with its « Je confirme » box, while `asking`; otherwise the usual feedback.
 */
export function ConfirmationOrFeedback({
  outcome,
  asking,
  confirmed,
  onConfirmedChange,
}: {
  outcome: Outcome | null;
  asking: boolean;
  confirmed: boolean;
  onConfirmedChange: (confirmed: boolean) => void;
}) {
  if (!asking || outcome?.kind !== "error") return <Feedback outcome={outcome} />;
  return (
    <div role="alert" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <p>{outcome.text}</p>
      <label className="mt-2 flex min-h-11 items-center gap-2 font-medium">
        <input type="checkbox" className="h-5 w-5" checked={confirmed} onChange={(e) => onConfirmedChange(e.target.checked)} />
        Je confirme
      </label>
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="mt-1 text-sm text-red-800">
      {message}
    </p>
  ) : null;
}

/** A number typed in a form field, or null when it is not one (the server then says what is expected). */
export function numberOf(value: string): number | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}
