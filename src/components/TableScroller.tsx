/**
 * A wide table's frame: scrolls sideways on a phone, and can take the keyboard focus so that it can be scrolled
 * without a mouse (WCAG 2.1.1); named for screen readers.
 */
export function TableScroller({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      {children}
    </div>
  );
}
