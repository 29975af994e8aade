"use client";

import type { ActionResult } from "@/server/auth/guard";
import { useServerAction, type ActionOutcome } from "@/components/useServerAction";
import { ActionNotice, Notice } from "@/components/Notice";
import { SubmitButton as FormSubmitButton } from "@/components/SubmitButton";

export const secondaryButton = "min-h-11 rounded-md border border-slate-400 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";

/** useServerAction with the form's success sentence: `submit(call, success, after)`. */
export function useSettingsAction() {
  const action = useServerAction();
  function submit<T>(call: () => Promise<ActionResult<T>>, success: (data: T) => string, after?: (data: T) => void) {
    action.run(call, (result) => {
      if (!result.ok) return;
      action.setOutcome({ kind: "success", text: success(result.data) });
      after?.(result.data);
    });
  }
  return { ...action, submit };
}

/** The confirmation a refusal asks for (`details.confirmation` of a CONFIRMATION_REQUIRED refusal), if any. */
export function confirmationOf(outcome: ActionOutcome | null): string | null {
  if (outcome?.kind !== "error") return null;
  const value = outcome.details?.confirmation;
  return typeof value === "string" ? value : null;
}

/**
 * The refusal that asks for a confirmation, with its « Je confirme » box, while `asking`; otherwise the usual outcome.
 */
function ConfirmationOrFeedback({
  outcome,
  asking,
  confirmed,
  onConfirmedChange,
}: {
  outcome: ActionOutcome | null;
  asking: boolean;
  confirmed: boolean;
  onConfirmedChange: (confirmed: boolean) => void;
}) {
  if (!asking || outcome?.kind !== "error") return <ActionNotice outcome={outcome} />;
  return (
    <Notice tone="warning" role="alert" className="mt-3 text-sm">
      <p>{outcome.text}</p>
      <label className="mt-2 flex min-h-11 items-center gap-2 font-medium">
        <input type="checkbox" className="h-5 w-5" checked={confirmed} onChange={(e) => onConfirmedChange(e.target.checked)} />
        Je confirme
      </label>
    </Notice>
  );
}

/** A settings form's submit button, under its fields. */
export function SubmitButton(props: Omit<React.ComponentProps<typeof FormSubmitButton>, "className">) {
  return <FormSubmitButton {...props} className="mt-3" />;
}

/**
 * The end of a form whose action may ask for a confirmation: the outcome (or the refusal with its « Je confirme »
 * box), then the submit button, held until the box is ticked.
 */
export function ConfirmAndSubmit({
  outcome,
  asking,
  confirmed,
  onConfirmedChange,
  pending,
  children,
}: {
  outcome: ActionOutcome | null;
  asking: boolean;
  confirmed: boolean;
  onConfirmedChange: (confirmed: boolean) => void;
  pending: boolean;
  children: React.ReactNode;
}) {
  return (
    <>
      <ConfirmationOrFeedback outcome={outcome} asking={asking} confirmed={confirmed} onConfirmedChange={onConfirmedChange} />
      <SubmitButton pending={pending} disabled={asking && !confirmed}>
        {children}
      </SubmitButton>
    </>
  );
}

/** A whole-number field (`type="number"`, numeric keyboard); `onValue` receives the text as typed. */
export function NumberInput({
  onValue,
  ...props
}: Omit<React.ComponentProps<"input">, "type" | "inputMode" | "onChange"> & { onValue: (value: string) => void }) {
  return <input type="number" inputMode="numeric" onChange={(e) => onValue(e.target.value)} {...props} />;
}

/** A number typed in a form field, or null when it is not one (the server then says what is expected). */
export function numberOf(value: string): number | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}
