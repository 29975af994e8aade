const primaryButtonClass = "min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60";

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
