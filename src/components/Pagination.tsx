import Link from "next/link";

const linkClass = "inline-flex min-h-11 items-center rounded-md border px-3 py-2";

/**
 * « ← Page précédente · Page 2 sur 5 · Page suivante → » under a list, when it has more than one page. `href` gives
 * the address of a page; `previous` and `next` name the links where the order says more (« Plus récents »).
 */
export function Pagination({
  page,
  pageCount,
  href,
  previous = "← Page précédente",
  next = "Page suivante →",
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  previous?: string;
  next?: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-2 text-sm">
      {page > 1 ? (
        <Link className={linkClass} href={href(page - 1)}>
          {previous}
        </Link>
      ) : (
        <span />
      )}
      <span>
        Page {page} sur {pageCount}
      </span>
      {page < pageCount ? (
        <Link className={linkClass} href={href(page + 1)}>
          {next}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
