const primaryButtonClass = "min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60";
/** A secondary button (open a form in place, cancel it). */
export const secondaryButtonClass = "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";

/** A form's submit button, « Enregistrement… » (or `pendingLabel`) while its action runs. */
export function SubmitButton({
  pending,
  disabled = false,
  pendingLabel = "Enregistrement…",
  className,
  children,
}: {
  pending: boolean;
  disabled?: boolean;
  pendingLabel?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <button type="submit" disabled={pending || disabled} className={className ? `${primaryButtonClass} ${className}` : primaryButtonClass}>
      {pending ? pendingLabel : children}
    </button>
  );
}

/** The « Enregistrer » and « Annuler » buttons of a small form opened in place (« Annuler » closes it). */
export function SaveOrCancel({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  return (
    <div className="flex flex-wrap gap-2">
      <button
        type="submit"
        disabled={pending}
        className="min-h-11 rounded-md bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
      >
        Enregistrer
      </button>
      <button type="button" disabled={pending} className={secondaryButtonClass} onClick={onCancel}>
        Annuler
      </button>
    </div>
  );
}
