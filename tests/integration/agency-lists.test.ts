import { beforeAll, describe, expect, it } from "vitest";
import { exportRoutesAs } from "../support/acting";
import { agencyOverview } from "@/server/queries/agency-dashboard";
import { openAgency } from "@/server/queries/agency-context";
import { REVIEW_LIST_STATES, reviewRows, type ReviewListState } from "@/server/queries/review-states";
import { reviewList } from "@/server/queries/review-list";
import { backlogList } from "@/server/queries/backlog";
import type { Actor } from "@/server/auth/policy";
import {
  addDays,
  fromDayNumber,
  localDateOf,
  localToInstant,
  reviewProgress,
  reviewWindows,
  toDayNumber,
  type RecordedReview,
  type ReviewKind,
} from "@/domain";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makeAppointment, makePortfolio, makeRouenSeeker, makeTwoAgencyCast, makeUser, type SeekerOptions } from "../support/factories";
import { random } from "../support/random";

/** The dashboard of what /agence shows (`agencyOverview`); null when the actor may not read the agency. */
const agencyDashboard = async (actor: Actor, agencyId: string, options: { now?: Date }) => (await agencyOverview(actor, agencyId, options))?.dashboard ?? null;

// Today in Rouen: Wednesday 2026-11-18 (10:00 local = 09:00Z).
const NOW = new Date("2026-11-18T09:00:00Z");
const BOM = "\uFEFF";

type Kind = "INITIAL" | "REVIEW_M4" | "REVIEW_M9" | "FOLLOW_UP";
type Status = "SCHEDULED" | "DONE" | "NO_SHOW" | "EXCUSED" | "CANCELLED";

/** Last names of the 33 followed seekers with an overdue M4, in the expected French order (accents folded). */
const OVERDUE_ORDER: [lastName: string, firstName: string][] = [
  ["Abadie", "Paul"],
  ["Âge", "Lina"],
  ["Babin", "Marc"],
  ["Bérard", "Inès"],
  ["Besson", "Luc"],
  ["Carré", "Zoé"],
  ["Cazals", "Noé"],
  ["Çelik", "Ayşe"],
  ["Chevalier", "Léa"],
  ["Da Silva", "Rui"],
  ["Dubois", "Anne"],
  ["Écuyer", "Jules"],
  ["Eluard", "Paul"],
  ["Étienne", "Rose"],
  ["Fabre", "Tom"],
  ["Garçon", "Éva"],
  ["Gauthier", "Yves"],
  ["Hélène", "Marie"],
  ["Hoarau", "Kévin"],
  ["Île", "Sara"],
  ["Imbert", "Hugo"],
  ["Jégou", "Nina"],
  ["Joly", "Adam"],
  ["Kœnig", "Lou"],
  ["Kohler", "Max"],
  ["Laurent", "Emma"],
  ["Lefèvre", "Théo"],
  ["Lefort", "Clara"],
  ["Martin", "Denis"],
  ["Martin", "Élodie"],
  ["Martin", "Emma"],
  ["Mérel", "Jade"],
  ["Meunier", "Gabin"],
];
/** Every third seeker of that order is followed by Bruno Bravo, the others by Anne Alpha. */
const isBravo = (index: number) => index % 3 === 2;

describe("the manager's drill-down lists and exports", () => {
  let db: TestDatabase;
  let agencyId: string;
  let otherAgencyId: string;
  let manager: Actor;
  let otherManager: Actor;
  let admin: Actor;
  let advisorActor: Actor;
  const ids: Record<string, string> = {};

  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    const {
      agency,
      other,
      a: alpha,
      b: bravo,
      c: carl,
      ...staff
    } = await makeTwoAgencyCast(db.prisma, {
      // A 30-day first-interview deadline (not the 28-day default) to prove the setting is read.
      agency: { code: "76-LISTES", name: "Rouen Listes", departement: "76", address: "1 rue du Test, 76000 Rouen", firstInterviewDeadlineDays: 30 },
      other: { code: "974-AUTRE", name: "Saint-Denis Autre", departement: "974", address: "1 rue du Test, 97400 Saint-Denis" },
      domain: "l.fr",
      thirdAdvisor: "Carl",
    });
    ({ manager, otherManager, admin } = staff);
    agencyId = agency.id;
    otherAgencyId = other.id;
    ids.alpha = alpha.id;
    ids.bravo = bravo.id;
    ids.carl = carl.id;
    advisorActor = alpha;

    const guideA = await makePortfolio(db.prisma, agency.id, alpha.id, "GUIDE", 150);
    const suiviA = await makePortfolio(db.prisma, agency.id, alpha.id, "SUIVI", 350);
    const renforceB = await makePortfolio(db.prisma, agency.id, bravo.id, "RENFORCE", 70);
    const guideC = await makePortfolio(db.prisma, other.id, carl.id, "GUIDE", 150);

    let n = 0;
    const seeker = (agency: string, lastName: string, registrationDate: string, extra: SeekerOptions = {}) =>
      makeRouenSeeker(db.prisma, agency, lastName, registrationDate, { franceTravailId: `300${String(n++).padStart(4, "0")}L`, ...extra });
    const appointment = (agency: string, seekerId: string, advisorId: string, kind: Kind, status: Status, startsAt: string) =>
      makeAppointment(db.prisma, { agencyId: agency, seekerId, advisorId, kind, status, startsAt });
    const A = agency.id;

    // ---- The backlog (deadline 30 days: late when today 2026-11-18 > R + 30, i.e. R before 2026-10-19) ----
    // Inserted out of order; expected order: Zola (09-01), Dupuis, Émond, Eymard (10-01, by folded name),
    // Moreau (10-18), Lenoir (10-19), then Remplaçant 00 … 21 (10-20 … 11-10).
    for (let i = 21; i >= 0; i--) await seeker(A, `Remplaçant ${String(i).padStart(2, "0")}`, addDays("2026-10-20", i));
    const lenoir = await seeker(A, "Lenoir", "2026-10-19");
    const eymard = await seeker(A, "Eymard", "2026-10-01");
    const emond = await seeker(A, "Émond", "2026-10-01");
    const zola = await seeker(A, "Zola", "2026-09-01");
    const moreau = await seeker(A, "Moreau", "2026-10-18");
    const dupuis = await seeker(A, "Dupuis", "2026-10-01");
    ids.zola = zola.id;
    ids.lenoir = lenoir.id;
    void eymard;
    void dupuis;
    // Zola: a cancelled booking (ignored) and one at 14:30 Paris on 11-20; Émond: two bookings, the earliest shown;
    // Moreau: a no-show (nothing booked any more).
    await appointment(A, zola.id, alpha.id, "INITIAL", "CANCELLED", "2026-11-19T13:30:00Z");
    await appointment(A, zola.id, alpha.id, "INITIAL", "SCHEDULED", "2026-11-20T13:30:00Z");
    await appointment(A, emond.id, bravo.id, "INITIAL", "SCHEDULED", "2026-11-25T13:30:00Z");
    await appointment(A, emond.id, bravo.id, "INITIAL", "SCHEDULED", "2026-11-23T14:00:00Z");
    await appointment(A, moreau.id, alpha.id, "INITIAL", "NO_SHOW", "2026-11-10T13:30:00Z");
    // Not in the backlog: a closed seeker, and the other agency's queue.
    await seeker(A, "Clos", "2026-08-01", { status: "CLOSED" });
    await seeker(other.id, "Ailleurs", "2026-08-01");

    // ---- Followed seekers ----
    // Premier, SUIVI (Alpha), R 2026-10-01, seen on 10-11 (10 days): M4 not yet open.
    const premier = await seeker(A, "Premier", "2026-10-01", { portfolio: suiviA });
    await appointment(A, premier.id, alpha.id, "INITIAL", "DONE", "2026-10-11T08:00:00Z");
    // Vieux, SUIVI (Alpha), R 2025-12-15: M4 done; M9 window 2026-08-15 → 2026-09-14, 65 days overdue.
    const vieux = await seeker(A, "Vieux", "2025-12-15", { portfolio: suiviA, firstName: "Victor" });
    await appointment(A, vieux.id, alpha.id, "REVIEW_M4", "DONE", "2026-03-20T13:00:00Z");
    ids.vieux = vieux.id;
    // 33 seekers registered 2026-06-10: M4 window 2026-09-10 → 2026-10-09, overdue by 40 days; M9 opens 2027-02-10.
    // Inserted in reverse order so that insertion order cannot pass for name order.
    for (let index = OVERDUE_ORDER.length - 1; index >= 0; index--) {
      const [lastName, firstName] = OVERDUE_ORDER[index]!;
      const row = await seeker(A, lastName, "2026-06-10", { portfolio: isBravo(index) ? renforceB : guideA, firstName });
      ids[`${lastName} ${firstName}`] = row.id;
    }
    // Abadie's M4 is booked (late) on 2026-11-24 at 14:00 Paris: still overdue, and due soon.
    await appointment(A, ids["Abadie Paul"]!, alpha.id, "REVIEW_M4", "SCHEDULED", "2026-11-24T13:00:00Z");

    // The other agency: a followed seeker with an overdue M4 (never in Rouen's lists).
    const o1 = await seeker(other.id, "Lointain", "2026-06-10", { portfolio: guideC });
    ids.lointain = o1.id;
  });

  describe("the first-interview backlog", () => {
    it("lists the awaiting seekers oldest first with their age, late flag and booked interview, 25 a page", async () => {
      const list = (await backlogList(manager, agencyId, { now: NOW, page: 1 }))!;
      expect(list).toMatchObject({ today: "2026-11-18", timeZone: "Europe/Paris", total: 28, page: 1, pageCount: 2 });
      expect(list.agency).toEqual({ id: agencyId, code: "76-LISTES", name: "Rouen Listes", firstInterviewDeadlineDays: 30 });
      expect(list.rows).toHaveLength(25);
      const head = list.rows.slice(0, 7).map((row) => [row.lastName, row.registrationDate, row.waitingDays, row.dueDate, row.late]);
      expect(head).toEqual([
        ["Zola", "2026-09-01", 78, "2026-10-01", true],
        ["Dupuis", "2026-10-01", 48, "2026-10-31", true],
        ["Émond", "2026-10-01", 48, "2026-10-31", true],
        ["Eymard", "2026-10-01", 48, "2026-10-31", true],
        ["Moreau", "2026-10-18", 31, "2026-11-17", true],
        // Due today: not late yet.
        ["Lenoir", "2026-10-19", 30, "2026-11-18", false],
        ["Remplaçant 00", "2026-10-20", 29, "2026-11-19", false],
      ]);
      expect(list.rows.slice(6).map((row) => row.lastName)).toEqual(Array.from({ length: 19 }, (_, i) => `Remplaçant ${String(i).padStart(2, "0")}`));
      // Both booked after their due date (1 and 31 October).
      expect(list.rows[0]!.initialAppointment).toEqual({
        startsAt: new Date("2026-11-20T13:30:00Z"),
        advisorName: "Anne Alpha",
        held: false,
        afterDueDate: true,
      });
      expect(list.rows[2]!.initialAppointment).toEqual({
        startsAt: new Date("2026-11-23T14:00:00Z"),
        advisorName: "Bruno Bravo",
        held: false,
        afterDueDate: true,
      });
      expect(list.rows[4]!.initialAppointment).toBeNull();
      expect(list.rows[0]).toMatchObject({ seekerId: ids.zola, franceTravailId: expect.stringMatching(/^300\d{4}L$/) });

      const last = (await backlogList(manager, agencyId, { now: NOW, page: 2 }))!;
      expect(last.rows.map((row) => [row.lastName, row.waitingDays])).toEqual([
        ["Remplaçant 19", 10],
        ["Remplaçant 20", 9],
        ["Remplaçant 21", 8],
      ]);
      // A page past the end shows the last one; a nonsense page the first.
      expect((await backlogList(manager, agencyId, { now: NOW, page: 40 }))!.page).toBe(2);
      expect((await backlogList(manager, agencyId, { now: NOW, page: 0 }))!.page).toBe(1);
    });

    it("carries the dashboard's backlog figures", async () => {
      const list = (await backlogList(manager, agencyId, { now: NOW }))!;
      const dashboard = (await agencyDashboard(manager, agencyId, { now: NOW }))!;
      expect(list.figures).toEqual(dashboard.backlog);
      // 28 waiting, 5 late; Premier seen 10 days after registering, within the 30 days.
      expect(list.figures).toEqual({
        awaitingDiagnostic: 28,
        late: 5,
        oldestRegistrationDate: "2026-09-01",
        oldestAgeDays: 78,
        firstInterview: { seen: 1, medianDays: 10, withinDeadline: 1, withinDeadlineShare: 1 },
      });
      // Zola and Émond booked after their due date; Moreau's no-show and the 25 others leave them « à planifier ».
      expect(list.booking).toEqual({ booked: 0, bookedLate: 2, unbooked: 26 });
    });

    it("is only for the agency's manager and the admin", async () => {
      expect(await backlogList(otherManager, agencyId, { now: NOW })).toBeNull();
      expect(await backlogList(advisorActor, agencyId, { now: NOW })).toBeNull();
      expect(await backlogList(manager, "not-a-uuid", { now: NOW })).toBeNull();
      expect((await backlogList(admin, agencyId, { now: NOW }))!.rows.map((r) => r.seekerId)).toEqual(
        (await backlogList(manager, agencyId, { now: NOW }))!.rows.map((r) => r.seekerId),
      );
      expect((await backlogList(otherManager, otherAgencyId, { now: NOW }))!.rows.map((r) => r.lastName)).toEqual(["Ailleurs"]);
    });
  });

  describe("the review drill-down", () => {
    const name = (row: { lastName: string; firstName: string }) => `${row.lastName} ${row.firstName}`;
    const expectedNames = OVERDUE_ORDER.map(([last, first]) => `${last} ${first}`);

    it("pages the overdue M4 reviews in French name order, done by the database", async () => {
      const first = (await reviewList(manager, agencyId, { kind: "M4", state: "OVERDUE", now: NOW, page: 1 }))!;
      expect(first).toMatchObject({ total: 33, page: 1, pageCount: 2, advisorId: null, unknownAdvisor: false });
      expect(first.rows.map(name)).toEqual(expectedNames.slice(0, 25));
      const second = (await reviewList(manager, agencyId, { kind: "M4", state: "OVERDUE", now: NOW, page: 2 }))!;
      expect(second.rows.map(name)).toEqual(expectedNames.slice(25));
      expect(first.rows[0]).toEqual({
        seekerId: ids["Abadie Paul"],
        franceTravailId: expect.any(String),
        firstName: "Paul",
        lastName: "Abadie",
        advisor: { id: ids.alpha, name: "Anne Alpha" },
        window: { from: "2026-09-10", to: "2026-10-09" },
        bookedAt: new Date("2026-11-24T13:00:00Z"),
        daysOverdue: 40,
      });
      expect(first.rows[2]).toMatchObject({ lastName: "Babin", advisor: { id: ids.bravo, name: "Bruno Bravo" }, bookedAt: null, daysOverdue: 40 });
      // The tabs' counts: M4 overdue 33, due soon 1 (Abadie's late booking); M9 overdue 1 (Vieux); M4 done 1 (Vieux).
      expect(first.counts).toEqual({
        M4: { DONE: 1, DUE_SOON: 1, OVERDUE: 33, MISSED: 0 },
        M9: { DONE: 0, DUE_SOON: 0, OVERDUE: 1, MISSED: 0 },
      });
      expect(first.advisors).toEqual([
        { id: ids.alpha, name: "Anne Alpha" },
        { id: ids.bravo, name: "Bruno Bravo" },
      ]);
    });

    it("filters by advisor, with the counts of that advisor", async () => {
      const bravo = (await reviewList(manager, agencyId, { kind: "M4", state: "OVERDUE", now: NOW, page: 1, advisorId: ids.bravo }))!;
      expect(bravo).toMatchObject({ advisorId: ids.bravo, unknownAdvisor: false, total: 11, pageCount: 1 });
      expect(bravo.rows.map(name)).toEqual(expectedNames.filter((_, index) => isBravo(index)));
      expect(bravo.counts.M4).toEqual({ DONE: 0, DUE_SOON: 0, OVERDUE: 11, MISSED: 0 });
      expect(bravo.counts.M9.OVERDUE).toBe(0);

      const alpha = (await reviewList(manager, agencyId, { kind: "M4", state: "OVERDUE", now: NOW, page: 1, advisorId: ids.alpha }))!;
      expect(alpha.total).toBe(22);
      expect(alpha.rows.map(name)).toEqual(expectedNames.filter((_, index) => !isBravo(index)));
      expect(alpha.counts.M9.OVERDUE).toBe(1);

      // An advisor of another agency, or nonsense: the filter is ignored and said so.
      for (const advisorId of [ids.carl!, "pas-un-id"]) {
        const ignored = (await reviewList(manager, agencyId, { kind: "M4", state: "OVERDUE", now: NOW, page: 1, advisorId }))!;
        expect(ignored).toMatchObject({ advisorId: null, unknownAdvisor: true, total: 33 });
      }
    });

    it("keeps agencies apart", async () => {
      expect(await reviewList(otherManager, agencyId, { kind: "M4", state: "OVERDUE", now: NOW })).toBeNull();
      const other = (await reviewList(admin, otherAgencyId, { kind: "M4", state: "OVERDUE", now: NOW }))!;
      expect(other.rows.map((row) => row.seekerId)).toEqual([ids.lointain]);
      expect(other.advisors).toEqual([{ id: ids.carl, name: "Carl Charlie" }]);
    });
  });

  describe("the CSV downloads", () => {
    const request = (path: string) => new Request(`http://localhost${path}`);
    const routesAs = (actor: Actor | null) =>
      exportRoutesAs(
        async () => actor,
        () => NOW,
      );
    const downloads = async () =>
      db.prisma.auditEvent.findMany({
        where: { action: "export.downloaded" },
        orderBy: { createdAt: "asc" },
        select: { agencyId: true, actorId: true, metadata: true, subjectId: true },
      });

    it("exports the loads table of the manager's agency", async () => {
      const before = (await downloads()).length;
      const response = await routesAs(manager).charges(request("/agence/export/charges"), undefined);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="charges-76-LISTES-18-11-2026.csv"');
      expect(response.headers.get("cache-control")).toBe("no-store");
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      // Alpha: SUIVI Premier + Vieux = 2 / 350, GUIDE 22 / 150; Bravo: RENFORCE 11 / 70. No GLOBAL portfolio: 0 / 0.
      expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe(
        BOM +
          [
            "Conseiller·ère;Modalité;Demandeurs;Plafond;Taux de remplissage (%)",
            "Anne Alpha;Suivi;2;350;0,6",
            "Anne Alpha;Guidé;22;150;14,7",
            "Bruno Bravo;Renforcé;11;70;15,7",
            "Total;Suivi;2;350;0,6",
            "Total;Guidé;22;150;14,7",
            "Total;Renforcé;11;70;15,7",
            "Total;Global;0;0;",
          ].join("\r\n") +
          "\r\n",
      );
      const audit = await downloads();
      expect(audit).toHaveLength(before + 1);
      expect(audit.at(-1)).toEqual({ agencyId, actorId: manager.id, subjectId: agencyId, metadata: { export: "charges", rows: 3 } });
    });

    it("exports the overdue reviews, M4 then M9, in name order", async () => {
      const response = await routesAs(manager).overdueReviews(request(`/agence/export/bilans-en-retard?agence=${agencyId}`), undefined);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="bilans-en-retard-76-LISTES-18-11-2026.csv"');
      expect(response.headers.get("cache-control")).toBe("no-store");
      // Response.text() would drop the BOM, as any UTF-8 decoder does by default: read the bytes.
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
      expect(text.startsWith(BOM)).toBe(true);
      const lines = text.slice(1).split("\r\n");
      expect(lines.at(-1)).toBe("");
      expect(lines[0]).toBe("Identifiant;Nom;Prénom;Bilan;Conseiller·ère;Début de la fenêtre;Fin de la fenêtre;Jours de retard");
      expect(lines).toHaveLength(1 + 33 + 1 + 1);
      expect(lines[1]).toMatch(/^300\d{4}L;Abadie;Paul;M4;Anne Alpha;10\/09\/2026;09\/10\/2026;40$/);
      expect(lines[8]).toMatch(/^300\d{4}L;Çelik;Ayşe;M4;Anne Alpha;10\/09\/2026;09\/10\/2026;40$/);
      expect(lines.slice(1, 34).map((line) => line.split(";").slice(1, 3).join(" "))).toEqual(expectedNamesOf());
      expect(lines[34]).toMatch(/^300\d{4}L;Vieux;Victor;M9;Anne Alpha;15\/08\/2026;14\/09\/2026;65$/);
      expect((await downloads()).at(-1)).toMatchObject({ agencyId, metadata: { export: "bilans-en-retard", rows: 34, bilan: "M4+M9" } });

      const m9 = await routesAs(manager).overdueReviews(request("/agence/export/bilans-en-retard?bilan=M9"), undefined);
      expect(m9.headers.get("content-disposition")).toBe('attachment; filename="bilans-M9-en-retard-76-LISTES-18-11-2026.csv"');
      expect(
        (await m9.text())
          .split("\r\n")
          .slice(1, -1)
          .map((line) => line.split(";")[1]),
      ).toEqual(["Vieux"]);
      expect((await downloads()).at(-1)).toMatchObject({ metadata: { export: "bilans-en-retard", rows: 1, bilan: "M9" } });
    });

    it("answers 401, 403, 404 or 400 and writes no download row when refused", async () => {
      const before = (await downloads()).length;
      const status = async (actor: Actor | null, path: string, which: "charges" | "overdueReviews" = "charges") => {
        const response = await routesAs(actor)[which](request(path), undefined);
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        return [response.status, ((await response.json()) as { error: string }).error];
      };
      expect(await status(null, "/agence/export/charges")).toEqual([401, "Vous devez être connecté·e pour effectuer cette action."]);
      expect(await status(advisorActor, `/agence/export/charges?agence=${agencyId}`)).toEqual([403, "Vous n'avez pas accès à cette action."]);
      expect(await status(advisorActor, "/agence/export/bilans-en-retard", "overdueReviews")).toEqual([403, "Vous n'avez pas accès à cette action."]);
      // Another agency's manager gets nothing of Rouen's, as if it did not exist.
      expect(await status(otherManager, `/agence/export/charges?agence=${agencyId}`)).toEqual([404, "Agence introuvable."]);
      expect(await status(otherManager, `/agence/export/bilans-en-retard?agence=${agencyId}`, "overdueReviews")).toEqual([404, "Agence introuvable."]);
      expect(await status(manager, "/agence/export/charges?agence=pas-une-agence")).toEqual([404, "Agence introuvable."]);
      expect(await status(admin, "/agence/export/charges?agence=00000000-0000-0000-0000-000000000000")).toEqual([404, "Agence introuvable."]);
      expect(await status(admin, "/agence/export/charges")).toEqual([400, "Précisez l'agence à exporter (paramètre « agence »)."]);
      expect(await status(manager, "/agence/export/bilans-en-retard?bilan=M5", "overdueReviews")).toEqual([400, "Bilan inconnu : M4 ou M9 attendu."]);
      expect((await downloads()).length).toBe(before);
      const denied = await db.prisma.auditEvent.count({ where: { action: "authorization.denied", actorId: advisorActor.id } });
      expect(denied).toBe(2);
    });

    it("lets the admin export any agency, and the other manager their own", async () => {
      const admins = await routesAs(admin).charges(request(`/agence/export/charges?agence=${otherAgencyId}`), undefined);
      expect(admins.status).toBe(200);
      // La Réunion's today is 2026-11-18 as well (13:00 local).
      expect(admins.headers.get("content-disposition")).toBe('attachment; filename="charges-974-AUTRE-18-11-2026.csv"');
      expect((await admins.text()).split("\r\n").slice(1, 3)).toEqual(["Carl Charlie;Guidé;1;150;0,7", "Total;Suivi;0;0;"]);
      expect((await downloads()).at(-1)).toMatchObject({ agencyId: otherAgencyId, actorId: admin.id, metadata: { export: "charges", rows: 1 } });

      const own = await routesAs(otherManager).overdueReviews(request("/agence/export/bilans-en-retard?bilan=M4"), undefined);
      expect(own.status).toBe(200);
      const lines = (await own.text()).split("\r\n");
      expect(lines.slice(1, -1).map((line) => line.split(";")[1])).toEqual(["Lointain"]);
    });

    function expectedNamesOf() {
      return OVERDUE_ORDER.map(([last, first]) => `${last} ${first}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The SQL review states against the domain's reviewProgress, on generated data and several days (DST included).
// ---------------------------------------------------------------------------------------------------------------

describe("the database's review states equal the domain's", () => {
  let db: TestDatabase;
  let agencyId: string;
  let manager: Actor;
  const seekers: { id: string; registrationDate: string }[] = [];
  const appointments: { seekerId: string; kind: ReviewKind; status: Status; startsAt: Date }[] = [];
  const TZ = "Europe/Paris";

  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    const agency = await makeAgency(db.prisma, { code: "76-PARITE", name: "Parité", departement: "76", address: "Rouen" });
    agencyId = agency.id;
    const advisor = await makeUser(db.prisma, agencyId, "ADVISOR", "Paula", "Parité", { email: "p@p.fr" });
    manager = await makeUser(db.prisma, agencyId, "MANAGER", "Pierre", "Manager", { email: "pm@p.fr" });
    const portfolio = await makePortfolio(db.prisma, agencyId, advisor.id, "GUIDE", 1000);

    // One seeker registered every day from 2023-03-01 to 2024-12-31 (month ends and 2024-02-29 included).
    const next = random(20261118);
    const statuses: Status[] = ["DONE", "SCHEDULED", "SCHEDULED", "CANCELLED", "NO_SHOW"];
    let serial = 0;
    const rows = [];
    for (let r = toDayNumber("2023-03-01"); r <= toDayNumber("2024-12-31"); r++) {
      const registrationDate = fromDayNumber(r);
      const id = crypto.randomUUID();
      seekers.push({ id, registrationDate });
      rows.push({
        id,
        agencyId,
        franceTravailId: `P${String(seekers.length).padStart(6, "0")}`,
        firstName: "P",
        lastName: `Parité ${registrationDate}`,
        birthDate: new Date("1990-01-01"),
        commune: "Rouen",
        postalCode: "76000",
        registrationDate: new Date(registrationDate),
        status: "FOLLOWED" as const,
        modality: "GUIDE" as const,
        portfolioId: portfolio.id,
      });
      const windows = reviewWindows(registrationDate);
      for (const kind of ["M4", "M9"] as const) {
        const count = next() < 0.3 ? 0 : next() < 0.75 ? 1 : 2;
        for (let k = 0; k < count; k++) {
          const date = addDays(windows[kind].from, Math.floor(next() * 90) - 25);
          // Any hour of the UTC day (local dates differ near midnight); a unique second so that nothing overlaps.
          serial += 1;
          const startsAt = new Date(Date.parse(`${date}T00:00:00Z`) + Math.floor(next() * 24) * 3_600_000 + serial * 1000);
          appointments.push({ seekerId: id, kind, status: statuses[Math.floor(next() * statuses.length)]!, startsAt });
        }
      }
    }
    await db.prisma.seeker.createMany({ data: rows });
    await db.prisma.appointment.createMany({
      data: appointments.map((a) => ({
        agencyId,
        seekerId: a.seekerId,
        advisorId: advisor.id,
        kind: a.kind === "M4" ? "REVIEW_M4" : "REVIEW_M9",
        status: a.status,
        startsAt: a.startsAt,
        endsAt: new Date(a.startsAt.getTime() + 1000),
      })),
    });
  }, 180_000);

  /** The dashboard's states as the domain decides them (what the first, in-memory version of the dashboard did). */
  function expected(today: string) {
    const horizon = addDays(today, 14);
    const dayStart = new Date(localToInstant(today, "00:00", TZ));
    const result: Record<ReviewKind, Record<ReviewListState, Map<string, { bookedAt: Date | null; daysOverdue: number | null }>>> = {
      M4: { DONE: new Map(), DUE_SOON: new Map(), OVERDUE: new Map(), MISSED: new Map() },
      M9: { DONE: new Map(), DUE_SOON: new Map(), OVERDUE: new Map(), MISSED: new Map() },
    };
    const bySeeker = new Map<string, typeof appointments>();
    for (const a of appointments) if (a.status !== "CANCELLED") bySeeker.set(a.seekerId, [...(bySeeker.get(a.seekerId) ?? []), a]);
    for (const seeker of seekers) {
      const own = bySeeker.get(seeker.id) ?? [];
      const recorded: RecordedReview[] = own.map((a) => ({ kind: a.kind, status: a.status, date: localDateOf(a.startsAt.toISOString(), TZ) }));
      const progress = reviewProgress(seeker.registrationDate, today, recorded);
      for (const kind of ["M4", "M9"] as const) {
        const window = reviewWindows(seeker.registrationDate)[kind];
        const booked = own.filter((a) => a.kind === kind && a.status === "SCHEDULED" && a.startsAt >= dayStart).map((a) => a.startsAt.getTime());
        const detail = {
          bookedAt: booked.length ? new Date(Math.min(...booked)) : null,
          daysOverdue: progress[kind] !== "DONE" && today > window.to ? toDayNumber(today) - toDayNumber(window.to) : null,
        };
        const soon = recorded.some((r) => r.kind === kind && r.status === "SCHEDULED" && r.date >= today && r.date <= horizon);
        if (progress[kind] === "DONE") result[kind].DONE.set(seeker.id, { ...detail, daysOverdue: null });
        if (progress[kind] === "OVERDUE") result[kind].OVERDUE.set(seeker.id, detail);
        if (progress[kind] === "MISSED") result[kind].MISSED.set(seeker.id, detail);
        if (soon && progress[kind] !== "DONE") result[kind].DUE_SOON.set(seeker.id, detail);
      }
    }
    return result;
  }

  // Local days around DST changes (2024-03-31, 2024-10-27), a leap day, month ends, and near local midnight.
  const nows = [
    "2024-03-30T23:30:00Z",
    "2024-10-26T22:30:00Z",
    "2024-10-20T12:00:00Z",
    "2024-02-29T10:00:00Z",
    "2024-08-31T21:59:00Z",
    "2025-01-31T12:00:00Z",
    "2025-06-30T22:00:00Z",
  ];

  it.each(nows)("on %s", async (instant) => {
    const now = new Date(instant);
    const today = localDateOf(instant, TZ);
    const want = expected(today);
    const dashboard = (await agencyDashboard(manager, agencyId, { now }))!;
    const agency = (await openAgency(db.prisma, manager, agencyId, now))!;
    let nonEmpty = 0;
    for (const kind of ["M4", "M9"] as const) {
      for (const state of REVIEW_LIST_STATES) {
        expect(dashboard.reviews[kind][state], `${today} ${kind} ${state}`).toBe(want[kind][state].size);
        const rows = await reviewRows(db.prisma, agency, { kind, state, limit: null });
        const got = new Map(rows.map((row) => [row.seekerId, { bookedAt: row.bookedAt, daysOverdue: row.daysOverdue }]));
        expect(got, `${today} ${kind} ${state}`).toEqual(want[kind][state]);
        if (rows.length) nonEmpty += 1;
      }
    }
    // The generated data exercises most states on every day (M9 is never MISSED).
    expect(nonEmpty).toBeGreaterThanOrEqual(5);
  });
});
