/** The order and the pages of the lists that queries return. */
import { Prisma } from "@/generated/prisma/client";

/**
 * The page to show of `total` items, `pageSize` a page: the requested one clamped to 1..pageCount (anything but a
 * positive integer is the first page, a page past the end is the last one), and the offset of its first item.
 */
export function pageWindow(total: number, requestedPage: number | undefined, pageSize: number) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const asked = requestedPage ?? 1;
  const page = Math.min(Number.isInteger(asked) && asked >= 1 ? asked : 1, pageCount);
  return { page, pageCount, offset: (page - 1) * pageSize };
}

/** One page of an in-memory list (see `pageWindow`). */
export function paginate<T>(items: readonly T[], requestedPage: number, pageSize: number) {
  const { page, pageCount, offset } = pageWindow(items.length, requestedPage, pageSize);
  return { slice: items.slice(offset, offset + pageSize), page, pageCount };
}

/** `a.localeCompare(b, "fr")`, with one collator made once (localeCompare makes its own on every call). */
export const compareFrench = new Intl.Collator("fr").compare;

/** French alphabetical order of people: last name, first name, then id so that pages are stable. */
export function byName(a: { lastName: string; firstName: string; id: string }, b: { lastName: string; firstName: string; id: string }): number {
  return compareFrench(a.lastName, b.lastName) || compareFrench(a.firstName, b.firstName) || a.id.localeCompare(b.id);
}

/** Accents folded for an alphabetical order that does not depend on the database's collation (« Émile » with the E). */
const ACCENTED = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝŸýÿ";
const UNACCENTED = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYYyy";
function folded(column: Prisma.Sql): Prisma.Sql {
  const ligatures = Prisma.sql`replace(replace(replace(replace(${column}, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')`;
  return Prisma.sql`lower(translate(${ligatures}, ${ACCENTED}, ${UNACCENTED}))`;
}

/** French alphabetical order of seekers `s`: last name, first name (accents folded), then as written, then id. */
export const SEEKER_NAME_ORDER = Prisma.sql`${folded(Prisma.sql`s."lastName"`)}, ${folded(Prisma.sql`s."firstName"`)}, s."lastName", s."firstName", s."id"`;

/** The same order reversed (Z to A), for a table sorted by name descending. */
export const SEEKER_NAME_ORDER_DESC = Prisma.sql`${folded(Prisma.sql`s."lastName"`)} DESC, ${folded(Prisma.sql`s."firstName"`)} DESC, s."lastName" DESC, s."firstName" DESC, s."id" DESC`;

/** `SEEKER_NAME_ORDER` in one direction. */
export function seekerNameOrder(order: "asc" | "desc"): Prisma.Sql {
  return order === "asc" ? SEEKER_NAME_ORDER : SEEKER_NAME_ORDER_DESC;
}

/** French alphabetical order of a person's name columns (accents folded, then as written), in one direction; NULLs last. */
export function personNameOrder(lastName: Prisma.Sql, firstName: Prisma.Sql, order: "asc" | "desc"): Prisma.Sql {
  const direction = order === "asc" ? Prisma.sql`ASC NULLS LAST` : Prisma.sql`DESC NULLS LAST`;
  return Prisma.sql`${folded(lastName)} ${direction}, ${folded(firstName)} ${direction}, ${lastName} ${direction}, ${firstName} ${direction}`;
}

/** An ORDER BY direction with empty values last whatever the order (« — » cells end the table both ways). */
export function directionNullsLast(order: "asc" | "desc"): Prisma.Sql {
  return order === "asc" ? Prisma.sql`ASC NULLS LAST` : Prisma.sql`DESC NULLS LAST`;
}
