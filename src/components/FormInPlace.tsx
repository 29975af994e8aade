"use client";

/**
 * A small form opened in place by a button (a correction, a decision to record): « Enregistrer » runs the action,
 * « Annuler » closes it; once saved, it closes, the page is refreshed and a flash says what was done. The fields and
 * their state stay the caller's.
 */
import { useState } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/server/auth/guard";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";

const secondaryButtonClass = "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";

export function FormInPlace<T>({
  openLabel,
  label,
  saved,
  submit,
  children,
}: {
  /** The button that opens the form. */
  openLabel: string;
  /** The form's accessible name. */
  label: string;
  /** The flash once the action succeeded. */
  saved: string;
  submit: () => Promise<ActionResult<T>>;
  children: React.ReactNode;
}) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const [open, setOpen] = useState(false);

  if (!open) {
    return (
      <button type="button" className={`${secondaryButtonClass} mt-3`} onClick={() => setOpen(true)}>
        {openLabel}
      </button>
    );
  }
  return (
    <form
      className="mt-3 space-y-3 rounded-md border border-slate-200 p-3"
      aria-label={label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        run(submit, (result) => {
          if (!result.ok) return;
          flash(saved);
          setOpen(false);
          router.refresh();
        });
      }}
    >
      {children}
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          disabled={pending}
          className="min-h-11 rounded-md bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
        >
          Enregistrer
        </button>
        <button type="button" disabled={pending} className={secondaryButtonClass} onClick={() => setOpen(false)}>
          Annuler
        </button>
      </div>
      <ActionNotice outcome={outcome} className="mt-2 text-sm" />
    </form>
  );
}
