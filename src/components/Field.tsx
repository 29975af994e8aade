/** Form fields with their label, help and error, so that every form says the same things the same way. */

export const inputClass = "mt-1 block min-h-11 w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700";
const selectClass = "mt-1 block min-h-11 rounded-md border border-slate-400 bg-white px-3 py-2";

/** A field's error under it; its id is what the field's `aria-describedby` names. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="mt-1 text-sm text-red-800">
      {message}
    </p>
  ) : null;
}

/** A labelled input; `help` and `error` are said under it and read with it (`<id>-aide`, `<id>-erreur`). */
export function TextField({
  id,
  label,
  help,
  error,
  className,
  ...input
}: { id: string; label: string; help?: React.ReactNode; error?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [help ? `${id}-aide` : null, error ? `${id}-erreur` : null].filter(Boolean).join(" ");
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} className={inputClass} {...input} />
      <FieldError id={`${id}-erreur`} message={error} />
      {help ? (
        <p id={`${id}-aide`} className="mt-1 text-sm text-slate-700">
          {help}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled select. */
export function SelectField({ id, label, className, children, ...select }: { id: string; label: string } & React.SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select id={id} className={selectClass} {...select}>
        {children}
      </select>
    </div>
  );
}
