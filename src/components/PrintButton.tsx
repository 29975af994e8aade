"use client";

/** « Imprimer » : the browser's print dialog (where one may also save as PDF). Hidden on paper. */
export function PrintButton({ children }: { children: React.ReactNode }) {
  return (
    <button
      type="button"
      data-no-print
      onClick={() => window.print()}
      className="inline-flex min-h-12 w-full items-center justify-center rounded-md bg-brand-700 px-4 py-3 text-base font-semibold text-white hover:bg-brand-900 sm:w-auto"
    >
      {children}
    </button>
  );
}
