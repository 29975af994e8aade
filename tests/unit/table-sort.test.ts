/**
 * The one parser of the manager's tables' sort (`?tri=&ordre=`, src/lib/table-sort.ts): unknown values fall back to
 * the table's default and are named, never thrown; header links toggle the order; default sorts stay out of links.
 */
import { describe, expect, it } from "vitest";
import {
  AGENCY_LOADS_SORT,
  BACKLOG_SORT,
  checkedSort,
  isDefaultSort,
  nextSort,
  PORTFOLIO_SEEKERS_SORT,
  readSort,
  REVIEW_LIST_SORT,
  setSortParams,
  sortPhrase,
} from "@/lib/table-sort";

describe("readSort", () => {
  it("reads a known column and order", () => {
    expect(readSort(PORTFOLIO_SEEKERS_SORT, { tri: "inscription", ordre: "desc" })).toEqual({ sort: { column: "inscription", order: "desc" }, notices: [] });
    expect(readSort(REVIEW_LIST_SORT, { tri: "retard", ordre: "asc" })).toEqual({ sort: { column: "retard", order: "asc" }, notices: [] });
  });

  it("gives the default sort without parameters, or with empty ones", () => {
    expect(readSort(PORTFOLIO_SEEKERS_SORT, {})).toEqual({ sort: { column: "nom", order: "asc" }, notices: [] });
    expect(readSort(BACKLOG_SORT, { tri: "", ordre: "" })).toEqual({ sort: { column: "inscription", order: "asc" }, notices: [] });
  });

  it("gives a column without an order its first order (desc for the figures that matter largest first)", () => {
    expect(readSort(PORTFOLIO_SEEKERS_SORT, { tri: "identifiant" }).sort).toEqual({ column: "identifiant", order: "asc" });
    expect(readSort(PORTFOLIO_SEEKERS_SORT, { tri: "rdv" }).sort).toEqual({ column: "rdv", order: "desc" });
    expect(readSort(BACKLOG_SORT, { tri: "attente" }).sort).toEqual({ column: "attente", order: "desc" });
    // An order alone applies to the default column.
    expect(readSort(PORTFOLIO_SEEKERS_SORT, { ordre: "desc" }).sort).toEqual({ column: "nom", order: "desc" });
  });

  it("falls back to the default on an unknown column or order, and says so in French", () => {
    expect(readSort(PORTFOLIO_SEEKERS_SORT, { tri: "salaire", ordre: "desc" })).toEqual({
      sort: { column: "nom", order: "desc" },
      notices: ["Tri « salaire » inconnu : le tableau est trié par « Nom »."],
    });
    expect(readSort(REVIEW_LIST_SORT, { tri: "conseiller", ordre: "DESC" })).toEqual({
      sort: { column: "conseiller", order: "asc" },
      notices: ["Ordre « DESC » inconnu : ordre croissant (asc ou desc attendu)."],
    });
    const both = readSort(AGENCY_LOADS_SORT, { tri: '\'; DROP TABLE "Seeker"; --', ordre: "😀" });
    expect(both.sort).toEqual(AGENCY_LOADS_SORT.default);
    expect(both.notices).toHaveLength(2);
    // Inherited keys of an object are not columns.
    expect(readSort(BACKLOG_SORT, { tri: "constructor" }).sort).toEqual(BACKLOG_SORT.default);
    expect(readSort(BACKLOG_SORT, { tri: "__proto__" }).sort).toEqual(BACKLOG_SORT.default);
  });

  it("reads the first value of a repeated parameter", () => {
    expect(readSort(REVIEW_LIST_SORT, { tri: ["rdv", "nom"], ordre: ["desc", "asc"] }).sort).toEqual({ column: "rdv", order: "desc" });
  });
});

describe("checkedSort (what a query does with the sort it is given)", () => {
  it("keeps a valid sort and replaces anything else by the default's parts", () => {
    expect(checkedSort(REVIEW_LIST_SORT, { column: "fenetre", order: "desc" })).toEqual({ column: "fenetre", order: "desc" });
    expect(checkedSort(REVIEW_LIST_SORT, undefined)).toEqual(REVIEW_LIST_SORT.default);
    expect(checkedSort(REVIEW_LIST_SORT, null)).toEqual(REVIEW_LIST_SORT.default);
    expect(checkedSort(REVIEW_LIST_SORT, { column: 42, order: "up" })).toEqual(REVIEW_LIST_SORT.default);
    expect(checkedSort(REVIEW_LIST_SORT, { column: "retard" })).toEqual({ column: "retard", order: "desc" });
    expect(checkedSort(REVIEW_LIST_SORT, { column: "toString", order: "desc" })).toEqual({ column: "nom", order: "desc" });
  });
});

describe("header links and pagination", () => {
  it("toggles the order of the sorted column, and starts another column at its first order", () => {
    const byName = PORTFOLIO_SEEKERS_SORT.default;
    expect(nextSort(PORTFOLIO_SEEKERS_SORT, byName, "nom")).toEqual({ column: "nom", order: "desc" });
    expect(nextSort(PORTFOLIO_SEEKERS_SORT, { column: "nom", order: "desc" }, "nom")).toEqual({ column: "nom", order: "asc" });
    expect(nextSort(PORTFOLIO_SEEKERS_SORT, byName, "rdv")).toEqual({ column: "rdv", order: "desc" });
    expect(nextSort(PORTFOLIO_SEEKERS_SORT, byName, "inscription")).toEqual({ column: "inscription", order: "asc" });
  });

  it("writes tri and ordre into a query string, and leaves the default sort out", () => {
    const params = new URLSearchParams({ bilan: "M4", tri: "old", page: "2" });
    expect(setSortParams(params, REVIEW_LIST_SORT, { column: "rdv", order: "desc" }).toString()).toBe("bilan=M4&page=2&tri=rdv&ordre=desc");
    expect(setSortParams(params, REVIEW_LIST_SORT, REVIEW_LIST_SORT.default).toString()).toBe("bilan=M4&page=2");
    expect(isDefaultSort(BACKLOG_SORT, { column: "inscription", order: "asc" })).toBe(true);
    expect(isDefaultSort(BACKLOG_SORT, { column: "inscription", order: "desc" })).toBe(false);
  });

  it("says in a caption how the table is sorted", () => {
    expect(sortPhrase(BACKLOG_SORT, { column: "nom", order: "desc" })).toBe("triés par « Nom », ordre décroissant");
  });
});
