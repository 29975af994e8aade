/**
 * A titled block of a page: a region named by its heading, so that screen readers list it and tests find it by name.
 * `large`: the seeker's pages, in bigger type.
 */
export function Section({ id, title, large = false, children }: { id: string; title: string; large?: boolean; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className={`rounded-lg border border-slate-200 bg-white p-4${large ? " sm:p-5" : ""}`}>
      <h2 id={id} className={large ? "mb-3 text-xl font-semibold" : "mb-2 text-lg font-semibold"}>
        {title}
      </h2>
      {children}
    </section>
  );
}
