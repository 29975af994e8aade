/**
 * The manager's tables sort by any of their columns, both ways (issue 15: « the tables sort »), in the database for
 * the seekers' lists (the portfolio's seekers, the reviews list, the first-interview queue) and on the server for the
 * loads table: names in French order (accents and ligatures folded), ties by name, empty cells last both ways; a sort
 * the table does not know gives its default order, never an error.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/auth/policy";
import { portfolioView } from "@/server/queries/portfolio";
import { reviewList } from "@/server/queries/review-list";
import { backlogList } from "@/server/queries/backlog";
import { agencyOverview } from "@/server/queries/agency-dashboard";
import { AGENCY_LOADS_SORT, BACKLOG_SORT, PORTFOLIO_SEEKERS_SORT, REVIEW_LIST_SORT, SORT_ORDERS, type SortOrder } from "@/lib/table-sort";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makeAppointment, makePortfolio, makeRouenSeeker, makeUser } from "../support/factories";

// Today in Rouen: Wednesday 2026-11-18 (10:00 local).
const NOW = new Date("2026-11-18T09:00:00Z");
const BAD_SORTS = [{ column: "salaire", order: "desc" }, { column: "nom", order: "sideways" }, { column: 42 }, { column: "__proto__", order: "asc" }];

type Key = string | number | null;

/**
 * `rows` sorted by `key` in `order`, an empty key last whatever the order, ties in `rank` order (the name's). Keys
 * compare as numbers or with `compare` (plain code-point order by default: identifiers, ISO dates).
 */
function sortedBy<Row>(rows: readonly Row[], key: (row: Row) => Key, order: SortOrder, rank: (row: Row) => number, compare?: (a: string, b: string) => number) {
  const sign = order === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? rank(a) - rank(b) : x === null ? 1 : -1;
    const c =
      typeof x === "number" && typeof y === "number"
        ? x - y
        : compare
          ? compare(String(x), String(y))
          : String(x) < String(y)
            ? -1
            : String(x) > String(y)
              ? 1
              : 0;
    return sign * c || rank(a) - rank(b);
  });
}

describe("the manager's tables sort by their columns", () => {
  let db: TestDatabase;
  let manager: Actor;
  let otherManager: Actor;
  let admin: Actor;
  let agencyId: string;
  let portfolioId: string;
  /** Advisors' last names by id. */
  const advisorLastName = new Map<string, string>();

  /** Followed seekers of Guérin's GUIDE portfolio, in French name order. */
  const PORTFOLIO_NAMES = ["Dupont", "ÉCHARDE", "GUÉRIN", "Guerra", "GUILLOT", "Œillet", "Zola"];
  /** Every seeker with an overdue M4 (the three portfolios), in French name order. */
  const OVERDUE_NAMES = ["Âge", "Bérard", "Çelik", "Dupont", "ÉCHARDE", "GUÉRIN", "Guerra", "GUILLOT", "Kœnig", "Martin", "Œillet", "Zola"];
  /** Seekers awaiting their first interview, in French name order. */
  const QUEUE_NAMES = ["Écuyer", "Eluard", "Étienne", "Kohler", "Lefèvre", "Lefort"];

  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    const agency = await makeAgency(db.prisma, { code: "76-TRI", name: "Rouen Tri", departement: "76" });
    const other = await makeAgency(db.prisma, { code: "27-TRI", name: "Évreux Tri", departement: "27" });
    agencyId = agency.id;
    manager = await makeUser(db.prisma, agency.id, "MANAGER", "Marie", "Manager");
    otherManager = await makeUser(db.prisma, other.id, "MANAGER", "Omar", "Other");
    admin = await makeUser(db.prisma, null, "ADMIN", "Ada", "Admin");
    // Advisors whose French order (Éloi, Guérin, Guillot) is not the code-point one (Guillot, Guérin, Éloi).
    const guillot = await makeUser(db.prisma, agency.id, "ADVISOR", "Paul", "Guillot");
    const guerin = await makeUser(db.prisma, agency.id, "ADVISOR", "Aminata", "Guérin");
    const eloi = await makeUser(db.prisma, agency.id, "ADVISOR", "Émile", "Éloi");
    for (const advisor of [guillot, guerin, eloi]) advisorLastName.set(advisor.id, advisor.lastName);
    const ofGuerin = await makePortfolio(db.prisma, agency.id, guerin.id, "GUIDE", 150);
    const ofGuillot = await makePortfolio(db.prisma, agency.id, guillot.id, "GUIDE", 10);
    const ofEloi = await makePortfolio(db.prisma, agency.id, eloi.id, "SUIVI", 350);
    await makePortfolio(db.prisma, agency.id, guerin.id, "RENFORCE", 70);
    await makePortfolio(db.prisma, agency.id, eloi.id, "RENFORCE", 0);
    portfolioId = ofGuerin.id;

    // Identifiers, registration dates and appointment counts each in an order of their own.
    const appointment = (
      seekerId: string,
      advisorId: string,
      kind: "FOLLOW_UP" | "REVIEW_M4" | "INITIAL",
      startsAt: string,
      status: "SCHEDULED" | "CANCELLED" = "SCHEDULED",
    ) => makeAppointment(db.prisma, { agencyId, seekerId, advisorId, kind, status, startsAt });
    const followed: [lastName: string, firstName: string, registration: string, id: string, portfolio: typeof ofGuerin, advisor: Actor][] = [
      ["Zola", "Émile", "2026-06-10", "S0007", ofGuerin, guerin],
      ["GUILLOT", "Anne", "2026-06-23", "S0011", ofGuerin, guerin],
      ["Œillet", "Rose", "2026-06-30", "S0002", ofGuerin, guerin],
      ["Dupont", "Marc", "2026-06-03", "S0009", ofGuerin, guerin],
      ["GUÉRIN", "Luc", "2026-07-14", "S0004", ofGuerin, guerin],
      ["ÉCHARDE", "Léa", "2026-05-27", "S0012", ofGuerin, guerin],
      ["Guerra", "Noé", "2026-05-04", "S0001", ofGuerin, guerin],
      ["Bérard", "Inès", "2026-05-12", "S0010", ofGuillot, guillot],
      ["Çelik", "Ayşe", "2026-07-07", "S0005", ofGuillot, guillot],
      ["Kœnig", "Lou", "2026-06-09", "S0003", ofGuillot, guillot],
      ["Âge", "Lina", "2026-06-16", "S0008", ofEloi, eloi],
      ["Martin", "Élodie", "2026-05-20", "S0006", ofEloi, eloi],
    ];
    const ids: Record<string, string> = {};
    for (const [lastName, firstName, registration, franceTravailId, portfolio] of followed) {
      ids[lastName] = (await makeRouenSeeker(db.prisma, agency.id, lastName, registration, { firstName, franceTravailId, portfolio })).id;
    }
    // Registered on 2026-07-25: the M4 window is still open (not overdue), a review booked on Friday.
    ids.Ouvert = (await makeRouenSeeker(db.prisma, agency.id, "Ouvert", "2026-07-25", { franceTravailId: "S0013", portfolio: ofGuillot })).id;

    // Appointments to come in Guérin's portfolio: Œillet 3, Dupont 2 (+ its M4), Guerra 2 (+ a cancelled one),
    // GUÉRIN 1, Zola 0 (+ its M4), ÉCHARDE and GUILLOT none. A past appointment counts for nobody.
    for (const [name, count, hour] of [
      ["Œillet", 3, "08"],
      ["Dupont", 2, "09"],
      ["Guerra", 2, "10"],
      ["GUÉRIN", 1, "11"],
    ] as const) {
      for (let i = 0; i < count; i++) await appointment(ids[name]!, guerin.id, "FOLLOW_UP", `2026-12-0${7 + i}T${hour}:00:00Z`);
    }
    await appointment(ids.Guerra!, guerin.id, "FOLLOW_UP", "2026-12-08T12:00:00Z", "CANCELLED");
    await appointment(ids.GUILLOT!, guerin.id, "FOLLOW_UP", "2026-11-02T08:00:00Z");
    // M4 reviews booked late (Dupont on Thursday, Zola next Tuesday, Kœnig in December) and Ouvert's in its window.
    await appointment(ids.Dupont!, guerin.id, "REVIEW_M4", "2026-11-19T13:00:00Z");
    await appointment(ids.Zola!, guerin.id, "REVIEW_M4", "2026-11-24T13:00:00Z");
    await appointment(ids.Kœnig!, guillot.id, "REVIEW_M4", "2026-12-15T13:00:00Z");
    await appointment(ids.Ouvert!, guillot.id, "REVIEW_M4", "2026-11-20T13:00:00Z");

    // The first-interview queue: two without any interview, Étienne with a cancelled one before every other booking.
    const queue: [lastName: string, registration: string, id: string][] = [
      ["Lefèvre", "2026-10-20", "Q0004"],
      ["Lefort", "2026-09-15", "Q0006"],
      ["Kohler", "2026-11-02", "Q0001"],
      ["Écuyer", "2026-10-05", "Q0003"],
      ["Eluard", "2026-11-10", "Q0005"],
      ["Étienne", "2026-10-28", "Q0002"],
    ];
    for (const [lastName, registration, franceTravailId] of queue) {
      ids[lastName] = (await makeRouenSeeker(db.prisma, agency.id, lastName, registration, { franceTravailId })).id;
    }
    await appointment(ids.Lefort!, eloi.id, "INITIAL", "2026-11-25T08:00:00Z");
    await appointment(ids.Kohler!, eloi.id, "INITIAL", "2026-11-19T08:00:00Z");
    await appointment(ids.Étienne!, eloi.id, "INITIAL", "2026-11-16T08:00:00Z", "CANCELLED");
    await appointment(ids.Étienne!, guillot.id, "INITIAL", "2026-11-23T08:00:00Z");
    await appointment(ids.Eluard!, guerin.id, "INITIAL", "2026-11-17T08:00:00Z");
    // Another agency's seeker never shows.
    await makeRouenSeeker(db.prisma, other.id, "Ailleurs", "2026-06-10");
  });

  describe("the portfolio's seekers (/agence/portefeuilles/[id])", () => {
    const view = (sort?: unknown) => portfolioView(manager, portfolioId, 1, NOW, { sort: sort as { column?: unknown; order?: unknown } });
    const rank = (row: { lastName: string }) => PORTFOLIO_NAMES.indexOf(row.lastName);

    it("lists them by name in French order by default, and by name in reverse", async () => {
      const byDefault = (await view())!;
      expect(byDefault.sort).toEqual({ column: "nom", order: "asc" });
      expect(byDefault.seekers.map((s) => s.lastName)).toEqual(PORTFOLIO_NAMES);
      expect((await view({ column: "nom", order: "desc" }))!.seekers.map((s) => s.lastName)).toEqual([...PORTFOLIO_NAMES].reverse());
      // The appointments to come, as the table shows them (a cancelled or past one does not count).
      expect(Object.fromEntries(byDefault.seekers.map((s) => [s.lastName, s.futureAppointments]))).toEqual({
        Dupont: 3,
        ÉCHARDE: 0,
        GUÉRIN: 1,
        Guerra: 2,
        GUILLOT: 0,
        Œillet: 3,
        Zola: 1,
      });
    });

    const keys = {
      identifiant: (s) => s.franceTravailId,
      inscription: (s) => s.registrationDate.toISOString(),
      rdv: (s) => s.futureAppointments,
    } satisfies Record<string, (s: { franceTravailId: string; registrationDate: Date; futureAppointments: number }) => Key>;
    for (const column of Object.keys(keys) as (keyof typeof keys)[]) {
      for (const order of SORT_ORDERS) {
        it(`sorts by ${column} ${order}, ties by name`, async () => {
          const all = (await view())!.seekers;
          const sorted = (await view({ column, order }))!;
          expect(sorted.sort).toEqual({ column, order });
          expect(sorted.seekers.map((s) => s.lastName)).toEqual(sortedBy(all, keys[column], order, rank).map((s) => s.lastName));
        });
      }
    }

    it("has a column for every sort key, and ignores a sort it does not know", async () => {
      expect(Object.keys(PORTFOLIO_SEEKERS_SORT.columns).sort()).toEqual(["identifiant", "inscription", "nom", "rdv"]);
      for (const bad of BAD_SORTS) {
        const shown = (await view(bad))!;
        // An unknown column is the default one; a known order is kept.
        expect(shown.sort, JSON.stringify(bad)).toEqual({ column: "nom", order: bad.order === "desc" ? "desc" : "asc" });
        expect(shown.seekers.map((s) => s.lastName)).toEqual(bad.order === "desc" ? [...PORTFOLIO_NAMES].reverse() : PORTFOLIO_NAMES);
      }
      expect(await portfolioView(otherManager, portfolioId, 1, NOW, { sort: { column: "rdv", order: "desc" } })).toBeNull();
    });
  });

  describe("the reviews list (/agence/bilans)", () => {
    const list = (state: "OVERDUE" | "DUE_SOON", sort?: unknown) =>
      reviewList(manager, agencyId, { kind: "M4", state, now: NOW, page: 1, sort: sort as { column?: unknown; order?: unknown } });
    const rank = (row: { lastName: string }) => OVERDUE_NAMES.indexOf(row.lastName);
    const french = new Intl.Collator("fr").compare;

    it("lists the overdue reviews by name in French order by default, and by name in reverse", async () => {
      const byDefault = (await list("OVERDUE"))!;
      expect(byDefault).toMatchObject({ total: 12, pageCount: 1, sort: { column: "nom", order: "asc" } });
      expect(byDefault.rows.map((row) => row.lastName)).toEqual(OVERDUE_NAMES);
      expect((await list("OVERDUE", { column: "nom", order: "desc" }))!.rows.map((row) => row.lastName)).toEqual([...OVERDUE_NAMES].reverse());
      // Three booked (late), the others not: the empty cells of « Rendez-vous prévu ».
      expect(byDefault.rows.filter((row) => row.bookedAt).map((row) => row.lastName)).toEqual(["Dupont", "Kœnig", "Zola"]);
    });

    type Row = NonNullable<Awaited<ReturnType<typeof list>>>["rows"][number];
    const keys: Record<"identifiant" | "conseiller" | "fenetre" | "rdv" | "retard", { key: (row: Row) => Key; compare?: (a: string, b: string) => number }> = {
      identifiant: { key: (row) => row.franceTravailId },
      conseiller: { key: (row) => (row.advisor ? advisorLastName.get(row.advisor.id)! : null), compare: french },
      fenetre: { key: (row) => row.window.from },
      rdv: { key: (row) => row.bookedAt?.getTime() ?? null },
      retard: { key: (row) => row.daysOverdue },
    };
    for (const column of Object.keys(keys) as (keyof typeof keys)[]) {
      for (const order of SORT_ORDERS) {
        it(`sorts the overdue reviews by ${column} ${order}, ties by name`, async () => {
          const all = (await list("OVERDUE"))!.rows;
          const sorted = (await list("OVERDUE", { column, order }))!;
          expect(sorted.sort).toEqual({ column, order });
          const expected = sortedBy(all, keys[column].key, order, rank, keys[column].compare).map((row) => row.lastName);
          expect(sorted.rows.map((row) => row.lastName)).toEqual(expected);
        });
      }
    }

    it("sorts by advisor in French order (Éloi, Guérin, Guillot), not by code point", async () => {
      const rows = (await list("OVERDUE", { column: "conseiller", order: "asc" }))!.rows;
      expect([...new Set(rows.map((row) => row.advisor?.name))]).toEqual(["Émile Éloi", "Aminata Guérin", "Paul Guillot"]);
      expect(rows.slice(0, 2).map((row) => row.lastName)).toEqual(["Âge", "Martin"]);
    });

    it("puts the reviews whose window is not over last, both ways, when sorted by days overdue", async () => {
      const due = (await list("DUE_SOON"))!;
      expect(due.rows.map((row) => [row.lastName, row.daysOverdue])).toEqual([
        ["Dupont", 47],
        ["Ouvert", null],
        ["Zola", 40],
      ]);
      expect((await list("DUE_SOON", { column: "retard", order: "desc" }))!.rows.map((row) => row.lastName)).toEqual(["Dupont", "Zola", "Ouvert"]);
      expect((await list("DUE_SOON", { column: "retard", order: "asc" }))!.rows.map((row) => row.lastName)).toEqual(["Zola", "Dupont", "Ouvert"]);
      expect((await list("DUE_SOON", { column: "rdv", order: "desc" }))!.rows.map((row) => row.lastName)).toEqual(["Zola", "Ouvert", "Dupont"]);
    });

    it("has a column for every sort key, and ignores a sort it does not know", async () => {
      expect(Object.keys(REVIEW_LIST_SORT.columns).sort()).toEqual(["conseiller", "fenetre", "identifiant", "nom", "rdv", "retard"]);
      for (const bad of BAD_SORTS) {
        const shown = (await list("OVERDUE", bad))!;
        expect(shown.sort.column, JSON.stringify(bad)).toBe("nom");
        expect(shown.rows.map((row) => row.lastName)).toEqual(bad.order === "desc" ? [...OVERDUE_NAMES].reverse() : OVERDUE_NAMES);
      }
      expect(await reviewList(otherManager, agencyId, { kind: "M4", state: "OVERDUE", now: NOW, sort: { column: "rdv", order: "asc" } })).toBeNull();
    });
  });

  describe("the first-interview queue (/agence/attente)", () => {
    const list = (sort?: unknown) => backlogList(manager, agencyId, { now: NOW, page: 1, sort: sort as { column?: unknown; order?: unknown } });
    const rank = (row: { lastName: string }) => QUEUE_NAMES.indexOf(row.lastName);
    const OLDEST_FIRST = ["Lefort", "Écuyer", "Lefèvre", "Étienne", "Kohler", "Eluard"];

    it("lists the oldest registration first by default, and names in French order when asked", async () => {
      const byDefault = (await list())!;
      expect(byDefault.sort).toEqual({ column: "inscription", order: "asc" });
      expect(byDefault.rows.map((row) => row.lastName)).toEqual(OLDEST_FIRST);
      expect((await list({ column: "nom", order: "asc" }))!.rows.map((row) => row.lastName)).toEqual(QUEUE_NAMES);
      expect((await list({ column: "nom", order: "desc" }))!.rows.map((row) => row.lastName)).toEqual([...QUEUE_NAMES].reverse());
      // The earliest live first interview (a cancelled one does not count), none for two of them.
      expect(Object.fromEntries(byDefault.rows.map((row) => [row.lastName, row.initialAppointment?.startsAt.toISOString().slice(0, 10) ?? null]))).toEqual({
        Lefort: "2026-11-25",
        Écuyer: null,
        Lefèvre: null,
        Étienne: "2026-11-23",
        Kohler: "2026-11-19",
        Eluard: "2026-11-17",
      });
    });

    type Row = NonNullable<Awaited<ReturnType<typeof list>>>["rows"][number];
    const keys: Record<"identifiant" | "inscription" | "attente" | "delai" | "entretien", (row: Row) => Key> = {
      identifiant: (row) => row.franceTravailId,
      inscription: (row) => row.registrationDate,
      attente: (row) => row.waitingDays,
      delai: (row) => row.dueDate,
      entretien: (row) => row.initialAppointment?.startsAt.getTime() ?? null,
    };
    for (const column of Object.keys(keys) as (keyof typeof keys)[]) {
      for (const order of SORT_ORDERS) {
        it(`sorts by ${column} ${order}, ties by name`, async () => {
          const all = (await list())!.rows;
          const sorted = (await list({ column, order }))!;
          expect(sorted.sort).toEqual({ column, order });
          expect(sorted.rows.map((row) => row.lastName)).toEqual(sortedBy(all, keys[column], order, rank).map((row) => row.lastName));
        });
      }
    }

    it("has a column for every sort key, and ignores a sort it does not know", async () => {
      expect(Object.keys(BACKLOG_SORT.columns).sort()).toEqual(["attente", "delai", "entretien", "identifiant", "inscription", "nom"]);
      for (const bad of BAD_SORTS.filter((sort) => sort.column !== "nom")) {
        const shown = (await list(bad))!;
        expect(shown.sort.column, JSON.stringify(bad)).toBe("inscription");
        expect(shown.rows.map((row) => row.lastName)).toEqual(bad.order === "desc" ? [...OLDEST_FIRST].reverse() : OLDEST_FIRST);
      }
      expect(await backlogList(otherManager, agencyId, { now: NOW, sort: { column: "nom", order: "asc" } })).toBeNull();
    });
  });

  describe("the loads table (/agence)", () => {
    const loads = async (sort?: unknown, actor: Actor = manager) =>
      (await agencyOverview(actor, agencyId, { now: NOW, sort: sort as { column?: unknown; order?: unknown } }))?.loads.portfolios.map(
        (row) => `${advisorLastName.get(row.advisorId)} ${row.modality} ${row.load}/${row.cap}`,
      );

    it("sorts by each column both ways: advisors in French order, modalities lightest first, loads and fill rates (no cap last)", async () => {
      const expected: Record<string, Record<SortOrder, string[]>> = {
        conseiller: {
          asc: ["Éloi SUIVI 2/350", "Éloi RENFORCE 0/0", "Guérin GUIDE 7/150", "Guérin RENFORCE 0/70", "Guillot GUIDE 4/10"],
          desc: ["Guillot GUIDE 4/10", "Guérin RENFORCE 0/70", "Guérin GUIDE 7/150", "Éloi RENFORCE 0/0", "Éloi SUIVI 2/350"],
        },
        modalite: {
          asc: ["Éloi SUIVI 2/350", "Guérin GUIDE 7/150", "Guillot GUIDE 4/10", "Éloi RENFORCE 0/0", "Guérin RENFORCE 0/70"],
          desc: ["Éloi RENFORCE 0/0", "Guérin RENFORCE 0/70", "Guérin GUIDE 7/150", "Guillot GUIDE 4/10", "Éloi SUIVI 2/350"],
        },
        demandeurs: {
          asc: ["Éloi RENFORCE 0/0", "Guérin RENFORCE 0/70", "Éloi SUIVI 2/350", "Guillot GUIDE 4/10", "Guérin GUIDE 7/150"],
          desc: ["Guérin GUIDE 7/150", "Guillot GUIDE 4/10", "Éloi SUIVI 2/350", "Éloi RENFORCE 0/0", "Guérin RENFORCE 0/70"],
        },
        taux: {
          asc: ["Guérin RENFORCE 0/70", "Éloi SUIVI 2/350", "Guérin GUIDE 7/150", "Guillot GUIDE 4/10", "Éloi RENFORCE 0/0"],
          desc: ["Guillot GUIDE 4/10", "Guérin GUIDE 7/150", "Éloi SUIVI 2/350", "Guérin RENFORCE 0/70", "Éloi RENFORCE 0/0"],
        },
      };
      expect(Object.keys(expected).sort()).toEqual(Object.keys(AGENCY_LOADS_SORT.columns).sort());
      for (const [column, orders] of Object.entries(expected)) {
        for (const order of SORT_ORDERS) expect(await loads({ column, order }), `${column} ${order}`).toEqual(orders[order]);
      }
      // The administrator sees the same table.
      expect(await loads({ column: "taux", order: "desc" }, admin)).toEqual(expected.taux!.desc);
    });

    it("gives the default order for a sort it does not know", async () => {
      const byAdvisor = (await loads({ column: "conseiller", order: "asc" }))!;
      for (const bad of BAD_SORTS) expect(await loads(bad), JSON.stringify(bad)).toEqual(bad.order === "desc" ? [...byAdvisor].reverse() : byAdvisor);
    });
  });
});
