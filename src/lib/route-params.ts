/**
 * The one parser of the route parameters pages and route handlers read: ids in the path (`/conseiller/demandeurs/[id]`)
 * or in the query (`?agence=`), which Next.js gives as a string, an array when the parameter is repeated, or nothing.
 * A malformed or repeated id names no page: 404, never a database error (500).
 */
import { notFound } from "next/navigation";

/** A path or query parameter as Next.js gives it (`URLSearchParams.getAll` gives an array too). */
type ParamValue = string | readonly string[] | null | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): boolean => typeof value === "string" && UUID.test(value);

/** One value, or undefined when absent or empty; `null` when the parameter is repeated with different values. */
function only(value: ParamValue): string | undefined | null {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value === "" ? undefined : value;
  const distinct = [...new Set(value.filter((v) => v !== ""))];
  return distinct.length === 0 ? undefined : distinct.length === 1 ? distinct[0] : null;
}

/** An id that may be absent: undefined when absent or empty, the id when it is one uuid, `null` when malformed. */
export function readIdParam(value: ParamValue): string | undefined | null {
  const single = only(value);
  if (single === undefined || single === null) return single;
  return isUuid(single) ? single : null;
}

/** A required id (a path segment): the uuid, or the 404 page. */
export function parseIdParam(value: ParamValue): string {
  const id = readIdParam(value);
  if (!id) notFound();
  return id;
}

/** An optional id of the query string: undefined when absent or empty, the uuid, or the 404 page when malformed. */
export function optionalIdParam(value: ParamValue): string | undefined {
  const id = readIdParam(value);
  if (id === null) notFound();
  return id;
}

/** Any other query parameter (page number, filter…), which the page checks itself: its first value, or undefined. */
export function firstParam(value: ParamValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === "string" ? value : value[0];
}

/** A page number of the query string (`?page=3`): the number, 1 when absent; `invalid` holds a text that is not one. */
export function pageParam(value: ParamValue): { page: number; invalid: string | null } {
  const text = firstParam(value);
  if (text === undefined) return { page: 1, invalid: null };
  return /^[1-9]\d{0,5}$/.test(text) ? { page: Number(text), invalid: null } : { page: 1, invalid: text };
}
