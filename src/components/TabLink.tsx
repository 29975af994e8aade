import Link from "next/link";

/** One tab of a row of views or filters (« M4 (12) », « En retard (3) »): a link, marked as the page shown when it is. */
export function TabLink({ href, current, children }: { href: string; current: boolean; children: React.ReactNode }) {
  const look = current ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white hover:bg-slate-100";
  return (
    <Link href={href} className={`inline-flex min-h-11 items-center rounded-full border px-3 py-1 text-sm ${look}`} aria-current={current ? "page" : undefined}>
      {children}
    </Link>
  );
}
