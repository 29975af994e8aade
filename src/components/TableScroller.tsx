/**
 * A wide table's frame: scrolls sideways on a phone, and can take the keyboard focus so that it can be scrolled
 * without a mouse (WCAG 2.1.1); named for screen readers. Positioned, so that what is absolutely positioned inside
 * (the `sr-only` texts of sortable headers) scrolls with the table instead of widening the page.
 */
export function TableScroller({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      {children}
    </div>
  );
}
