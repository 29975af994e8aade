/** One page of an in-memory list, the page number clamped to 1..pageCount (a page past the end shows the last). */
export function paginate<T>(items: readonly T[], requestedPage: number, pageSize: number) {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const page = Math.min(Number.isInteger(requestedPage) && requestedPage >= 1 ? requestedPage : 1, pageCount);
  return { slice: items.slice((page - 1) * pageSize, page * pageSize), page, pageCount };
}

/** French alphabetical order of people: last name, first name, then id so that pages are stable. */
export function byName(a: { lastName: string; firstName: string; id: string }, b: { lastName: string; firstName: string; id: string }): number {
  return a.lastName.localeCompare(b.lastName, "fr") || a.firstName.localeCompare(b.firstName, "fr") || a.id.localeCompare(b.id);
}
