/**
 * The manager's « Offre 2025 » figures (src/server/queries/offer-2025-dashboard.ts, docs/rules.md#dashboard-2025):
 * exact counts on a seeded agency, the scope, nothing for an agency on the 2014 offer, nothing written; and the
 * parity of the SQL date rules with the domain's (`contractDueDate`, `rsaOrientationDueDate`,
 * `jointDiagnosticDueDate` with `isJointDiagnosticExtended`) on generated data and several days.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import {
  addDays,
  compareDates,
  contractDueDate,
  fromDayNumber,
  isJointDiagnosticExtended,
  jointDiagnosticDueDate,
  localDateOf,
  rsaOrientationDueDate,
  toDayNumber,
  type DiagnosticAnswers,
  type Intensity,
  type Parcours,
  type Referent,
} from "@/domain";
import { exportRoutesAs } from "../support/acting";
import type { Actor } from "@/server/auth/policy";
import { offerComparison } from "@/server/queries/offer-rollup";
import { agencyOverview } from "@/server/queries/agency-dashboard";
import { agencyTransition } from "@/server/queries/offer-transition";
import { Offer2025Section } from "@/app/agence/Offer2025Section";
import { lastStartWhere, offer2025Cutoffs, offer2025Dashboard } from "@/server/queries/offer-2025-dashboard";
import { tableCounts, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makeDiagnostic, makeGapCast, makePortfolio, makeSeeker, makeUser, RENFORCE_ANSWERS } from "../support/factories";
import { random } from "../support/random";

// Today in Gap (05, Europe/Paris): Tuesday 1 December 2026.
const NOW = new Date("2026-12-01T09:00:00.000Z");
const OPTIONS = { now: NOW };

const ANSWERS: DiagnosticAnswers = { project: 1, skills: 1, jobSearch: 1, digital: 0, basicSkills: 0, monthsWithoutWork: 3, barriers: {}, webVolunteer: false };

type OrientationSpec = {
  parcours: Parcours;
  referent: Referent;
  intensity: Intensity | null;
  tandem?: boolean;
  decidedBy?: "FRANCE_TRAVAIL" | "DEPARTEMENT";
  score?: number;
  notifiedOn?: string | null;
  createdAt?: string;
  answers?: DiagnosticAnswers;
};

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

function orientationRow(agencyId: string, seekerId: string, authorId: string, spec: OrientationSpec): Prisma.OrientationUncheckedCreateInput {
  const decidedBy = spec.decidedBy ?? "FRANCE_TRAVAIL";
  const notifiedOn = spec.notifiedOn === undefined ? null : spec.notifiedOn;
  return {
    agencyId,
    seekerId,
    authorId,
    rulesetVersion: "2025.1",
    answers: (spec.answers ?? ANSWERS) as unknown as Prisma.InputJsonValue,
    // The situation holds the RQTH (special-category data): the dashboard never reads it.
    situation: { rsa: decidedBy === "DEPARTEMENT", rqth: true, ageYears: 40 },
    proposedParcours: spec.parcours,
    proposedReferent: spec.referent,
    proposedIntensity: spec.intensity,
    proposedTandem: spec.tandem ?? false,
    decidedBy,
    professionalScore: spec.score ?? 3,
    reasons: ["Raison."],
    parcours: spec.parcours,
    referent: spec.referent,
    intensity: spec.intensity,
    tandem: spec.tandem ?? false,
    notifiedOn: notifiedOn === null ? null : day(notifiedOn),
    createdAt: new Date(spec.createdAt ?? `${notifiedOn ?? "2026-06-01"}T10:00:00Z`),
  };
}

function contractRow(
  o: { id: string; agencyId: string; seekerId: string; authorId: string },
  revision: number,
  signedOn: string | null,
): Prisma.EngagementContractUncheckedCreateInput {
  return {
    agencyId: o.agencyId,
    seekerId: o.seekerId,
    orientationId: o.id,
    revision,
    signedOn: signedOn === null ? null : day(signedOn),
    intensity: null,
    plan: { objectives: [], actions: [] },
    seekerCommitments: "Chercher un emploi.",
    advisorCommitments: "Accompagner.",
    authorId: o.authorId,
  };
}

async function world(db: PrismaClient) {
  const cast = await makeGapCast(db);
  const agencyId = cast.agency.id;
  const guide = await makePortfolio(db, agencyId, cast.alice.id, "GUIDE", 150);
  await db.agency.update({ where: { id: agencyId }, data: { offer: "OFFRE_2025", offerChangedAt: new Date("2026-09-01T08:00:00Z") } });
  await db.agency.update({ where: { id: cast.other.id }, data: { offer: "OFFRE_2025" } });
  const author = cast.alice.id;

  let revisionOf = new Map<string, number>();
  async function seekerWith(
    lastName: string,
    specs: OrientationSpec[],
    options: { contracts?: (string | null)[]; status?: "FOLLOWED" | "CLOSED"; closedAt?: Date; agencyId?: string } = {},
  ) {
    const inAgency = options.agencyId ?? agencyId;
    const seeker = await makeSeeker(db, inAgency, {
      lastName,
      status: options.status ?? "FOLLOWED",
      ...(options.closedAt ? { closedAt: options.closedAt } : {}),
    });
    let last: { id: string; agencyId: string; seekerId: string; authorId: string } | null = null;
    for (const spec of specs) {
      const row = await db.orientation.create({ data: orientationRow(inAgency, seeker.id, author, spec), select: { id: true } });
      last = { id: row.id, agencyId: inAgency, seekerId: seeker.id, authorId: author };
    }
    for (const signedOn of options.contracts ?? []) {
      const revision = (revisionOf.get(seeker.id) ?? 0) + 1;
      revisionOf.set(seeker.id, revision);
      await db.engagementContract.create({ data: contractRow(last!, revision, signedOn) });
    }
    return { seeker, orientation: last };
  }
  async function decide(orientationId: string, decidedOn: string, parcours: Parcours, referent: Referent, inAgency = agencyId) {
    await db.departementDecision.create({ data: { agencyId: inAgency, orientationId, decidedOn: day(decidedOn), parcours, referent, authorId: author } });
  }
  revisionOf = new Map();

  const emploiAgile = { parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", intensity: "AGILE" } as const;
  const emploiIntensif = { parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", intensity: "INTENSIF", score: 8 } as const;
  // Contracts: A signed in time, B late, C overdue (31 October + 1 month = 30 November), D due within 7 days, E not due yet.
  const a = await seekerWith("Abel", [{ ...emploiAgile, notifiedOn: "2026-10-15" }], { contracts: ["2026-11-10"] });
  await makeDiagnostic(db, { agencyId, seekerId: a.seeker.id, authorId: author, answers: RENFORCE_ANSWERS, createdAt: new Date("2026-03-01T09:00:00Z") });
  await seekerWith(
    "Berger",
    [
      { ...emploiIntensif, notifiedOn: "2026-08-01" },
      { ...emploiIntensif, notifiedOn: "2026-10-01" },
    ],
    { contracts: ["2026-11-05"] },
  );
  await seekerWith(
    "Caron",
    [
      {
        parcours: "SOCIO_PROFESSIONNEL",
        referent: "FRANCE_TRAVAIL",
        intensity: "INTENSIF",
        tandem: true,
        score: 5,
        notifiedOn: "2026-10-31",
        createdAt: "2026-10-31T08:00:00Z",
      },
    ],
    { contracts: [null] },
  );
  await seekerWith("Dumas", [{ ...emploiAgile, notifiedOn: "2026-11-05" }]);
  await seekerWith("Étienne", [{ ...emploiAgile, notifiedOn: "2026-11-20" }], { contracts: [null] });
  // Handed over to the Mission locale: in the distribution, not in France Travail's contracts.
  await seekerWith("Fabre", [{ parcours: "EMPLOI", referent: "MISSION_LOCALE", intensity: null, notifiedOn: "2026-09-01" }]);
  // RSA proposals awaiting the département: 15 October + 42 days = 26 November (past), 25 November (not yet).
  await seekerWith("Garnier", [{ ...emploiAgile, decidedBy: "DEPARTEMENT", createdAt: "2026-10-15T10:00:00Z" }]);
  await seekerWith("Hamon", [{ ...emploiAgile, decidedBy: "DEPARTEMENT", createdAt: "2026-11-25T10:00:00Z" }]);
  // Social parcours of RSA recipients decided by the département, each with a signed contract (joint diagnostics).
  const social = { parcours: "SOCIAL", referent: "CONSEIL_DEPARTEMENTAL", intensity: null, decidedBy: "DEPARTEMENT" } as const;
  const major = (barrier: string): DiagnosticAnswers => ({ ...ANSWERS, monthsWithoutWork: 30, barriers: { [barrier]: "MAJOR" } });
  const jointCases: [string, string, DiagnosticAnswers][] = [
    ["Imbert", "2026-06-10", ANSWERS], // due 10 December: within 30 days
    ["Joly", "2026-01-15", major("HEALTH")], // extended: due 15 January 2027, beyond 30 days (6 months would be overdue)
    ["Kohler", "2025-12-20", major("HOUSING")], // extended: due 20 December: within 30 days
    ["Petit", "2026-03-01", ANSWERS], // due 1 September: overdue
  ];
  for (const [lastName, signedOn, answers] of jointCases) {
    const { orientation } = await seekerWith(lastName, [{ ...social, answers, createdAt: "2025-10-01T10:00:00Z" }]);
    await decide(orientation!.id, "2025-10-20", "SOCIAL", "CONSEIL_DEPARTEMENTAL");
    await db.engagementContract.create({ data: contractRow(orientation!, 1, signedOn) });
  }
  // The département decides socio-professional with France Travail: P = 5 gives INTENSIF by the rule (due 10 December).
  const l = await seekerWith("Lemaire", [{ ...emploiAgile, decidedBy: "DEPARTEMENT", score: 5, createdAt: "2026-10-20T10:00:00Z" }]);
  await decide(l.orientation!.id, "2026-11-10", "SOCIO_PROFESSIONNEL", "FRANCE_TRAVAIL");
  // Intensive then agile: a completed episode of 92 days (1 March → 1 June); the agile contract signed in time.
  await seekerWith(
    "Martin",
    [
      { ...emploiIntensif, notifiedOn: "2026-03-01" },
      { ...emploiAgile, notifiedOn: "2026-06-01" },
    ],
    { contracts: ["2026-06-20"] },
  );
  // A closed file: its intensive episode ended with the closure (30 days); nothing else counts.
  await seekerWith("Noël", [{ ...emploiIntensif, notifiedOn: "2026-01-10" }], { status: "CLOSED", closedAt: new Date("2026-02-09T12:00:00Z") });
  await seekerWith("Olivier", [{ ...emploiAgile, decidedBy: "DEPARTEMENT", createdAt: "2026-01-10T10:00:00Z" }], {
    status: "CLOSED",
    closedAt: new Date("2026-02-09T12:00:00Z"),
  });
  // The transition: followed before the switch with a 2014 diagnostic (Abel signed; Quentin not); Roux diagnosed after.
  const quentin = await makeSeeker(db, agencyId, { portfolio: guide, lastName: "Quentin" });
  await makeDiagnostic(db, { agencyId, seekerId: quentin.id, authorId: author, answers: RENFORCE_ANSWERS, createdAt: new Date("2026-04-01T09:00:00Z") });
  const roux = await makeSeeker(db, agencyId, { portfolio: guide, lastName: "Roux" });
  await makeDiagnostic(db, { agencyId, seekerId: roux.id, authorId: author, answers: RENFORCE_ANSWERS, createdAt: new Date("2026-10-01T09:00:00Z") });
  // Another agency's overdue contract and pending proposal: never counted here.
  const otherAuthor = cast.denis.id;
  const elsewhere = await makeSeeker(db, cast.other.id, { lastName: "Ailleurs", status: "FOLLOWED" });
  await db.orientation.create({ data: orientationRow(cast.other.id, elsewhere.id, otherAuthor, { ...emploiIntensif, notifiedOn: "2026-09-01" }) });
  return cast;
}

describe("the « Offre 2025 » dashboard of an agency", () => {
  let db: TestDatabase;
  let w: Awaited<ReturnType<typeof world>>;
  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    w = await world(db.prisma);
  });

  it("counts the distribution by parcours × referent × intensity, the proposals to the département, contracts, joint diagnostics and intensive support", async () => {
    const before = await tableCounts(db.prisma, ["Orientation", "EngagementContract", "DepartementDecision", "AuditEvent", "Seeker"]);
    const dashboard = await offer2025Dashboard(w.manager, w.agency.id, OPTIONS);
    expect(dashboard).not.toBeNull();
    const d = dashboard!;
    expect(d.distribution).toEqual({
      total: 12,
      cells: [
        { parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", intensity: "INTENSIF", count: 1, tandem: 0 },
        { parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", intensity: "AGILE", count: 4, tandem: 0 },
        { parcours: "EMPLOI", referent: "MISSION_LOCALE", intensity: null, count: 1, tandem: 0 },
        { parcours: "SOCIO_PROFESSIONNEL", referent: "FRANCE_TRAVAIL", intensity: "INTENSIF", count: 2, tandem: 1 },
        { parcours: "SOCIAL", referent: "CONSEIL_DEPARTEMENTAL", intensity: null, count: 4, tandem: 0 },
      ],
    });
    expect(d.departement).toEqual({ pending: 2, overdue: 1 });
    expect(d.contracts).toEqual({ monthOver: 4, signedInTime: 2, signedInTimeRate: 0.5, overdue: 1, dueSoon: 1 });
    expect(d.jointDiagnostics).toEqual({ overdue: 1, dueSoon: 2 });
    expect(d.intensive).toEqual({
      franceTravail: 7,
      intensive: 3,
      prevalence: 3 / 7,
      // Berger since 1 August (122 days, re-oriented intensive on 1 October), Caron since 31 October (31), Lemaire since 10 November (21).
      current: { count: 3, medianDays: 31, meanDays: 58 },
      // Martin 92 days, Noël 30 days (closed).
      completed: { count: 2, medianDays: 61, meanDays: 61 },
    });
    expect(d.transition).toEqual({ deadline: "2027-01-01", daysLeft: 31, followedBefore: 2, signed: 1, progress: 0.5 });
    expect(await tableCounts(db.prisma, ["Orientation", "EngagementContract", "DepartementDecision", "AuditEvent", "Seeker"])).toEqual(before);
  });

  it("is read by the agency's manager and an administrator only; another agency's figures stay apart", async () => {
    expect(await offer2025Dashboard(w.admin, w.agency.id, OPTIONS)).toMatchObject({ distribution: { total: 12 } });
    expect(await offer2025Dashboard(w.otherManager, w.agency.id, OPTIONS)).toBeNull();
    expect(await offer2025Dashboard(w.alice, w.agency.id, OPTIONS)).toBeNull();
    expect(await offer2025Dashboard(w.manager, "not-a-uuid", OPTIONS)).toBeNull();
    const other = await offer2025Dashboard(w.otherManager, w.other.id, OPTIONS);
    expect(other).toMatchObject({ distribution: { total: 1 }, contracts: { overdue: 1 }, intensive: { franceTravail: 1, intensive: 1 } });
  });

  describe("the CSV of the oriented seekers", () => {
    const routesAs = (actor: Actor | null) =>
      exportRoutesAs(
        async () => actor,
        () => NOW,
      );
    const get = (path: string) => new Request(`http://localhost${path}`);
    const BOM = "\uFEFF";

    it("has one row per oriented seeker, by name, in French Excel's conventions, and journals the download", async () => {
      const response = await routesAs(w.manager).orientations2025(get("/agence/export/orientations-2025"), undefined);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="orientations-2025-${w.agency.code}-01-12-2026.csv"`);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
      expect(text.startsWith(BOM)).toBe(true);
      const lines = text.slice(1).split("\r\n");
      expect(lines.at(-1)).toBe("");
      expect(lines[0]).toBe("Identifiant;Nom;Prénom;Parcours;Organisme référent;Intensité;Binôme;Décidé par;Notifié le;Contrat dû le;Contrat signé le;Statut");
      const rows = lines.slice(1, -1).map((line) => line.split(";"));
      // Every current orientation (closed files apart), by name: 12 decided and 2 proposals awaiting the département.
      expect(rows.map((r) => r[1])).toEqual([
        "Abel",
        "Berger",
        "Caron",
        "Dumas",
        "Étienne",
        "Fabre",
        "Garnier",
        "Hamon",
        "Imbert",
        "Joly",
        "Kohler",
        "Lemaire",
        "Martin",
        "Petit",
      ]);
      const byName = new Map(rows.map((r) => [r[1], r.slice(3)]));
      expect(byName.get("Abel")).toEqual([
        "Parcours emploi",
        "France Travail",
        "Accompagnement agile",
        "Non",
        "France Travail",
        "15/10/2026",
        "15/11/2026",
        "10/11/2026",
        "Contrat signé",
      ]);
      expect(byName.get("Caron")).toEqual([
        "Parcours socio-professionnel",
        "France Travail",
        "Accompagnement intensif",
        "Oui",
        "France Travail",
        "31/10/2026",
        "30/11/2026",
        "",
        "Contrat en retard",
      ]);
      expect(byName.get("Dumas")?.at(-1)).toBe("Contrat à signer");
      expect(byName.get("Fabre")).toEqual([
        "Parcours emploi",
        "Mission locale",
        "",
        "Non",
        "France Travail",
        "01/09/2026",
        "01/10/2026",
        "",
        "Orienté vers Mission locale",
      ]);
      expect(byName.get("Garnier")).toEqual([
        "Parcours emploi",
        "France Travail",
        "Accompagnement agile",
        "Non",
        "En attente du département",
        "",
        "",
        "",
        "Proposition au département, délai de 6 semaines dépassé",
      ]);
      expect(byName.get("Hamon")?.at(-1)).toBe("Proposition transmise au département");
      expect(byName.get("Lemaire")).toEqual([
        "Parcours socio-professionnel",
        "France Travail",
        "Accompagnement intensif",
        "Non",
        "Département",
        "10/11/2026",
        "10/12/2026",
        "",
        "Contrat à signer",
      ]);
      const audit = await db.prisma.auditEvent.findFirst({
        where: { action: "export.downloaded" },
        orderBy: { createdAt: "desc" },
        select: { actorId: true, agencyId: true, metadata: true },
      });
      expect(audit).toEqual({ actorId: w.manager.id, agencyId: w.agency.id, metadata: { export: "orientations-2025", rows: 14 } });
    });

    it("never carries the RQTH, the situation or anything of the diagnostic (special-category data)", async () => {
      // Every seeded orientation says rqth: true and the RSA in its situation; some answers hold a major health barrier.
      const text = await (await routesAs(w.admin).orientations2025(get(`/agence/export/orientations-2025?agence=${w.agency.id}`), undefined)).text();
      for (const word of [
        "RQTH",
        "rqth",
        "handicap",
        "Handicap",
        "santé",
        "Santé",
        "HEALTH",
        "MAJOR",
        "true",
        "false",
        "RSA",
        "ageYears",
        "situation",
        "Raison",
      ]) {
        expect(text, word).not.toContain(word);
      }
    });

    it("refuses another agency's manager and an advisor, and gives only the header on the 2014 offer", async () => {
      const other = await routesAs(w.otherManager).orientations2025(get(`/agence/export/orientations-2025?agence=${w.agency.id}`), undefined);
      expect(other.status).toBe(404);
      expect(await other.text()).not.toContain("Abel");
      expect((await routesAs(w.alice).orientations2025(get(`/agence/export/orientations-2025?agence=${w.agency.id}`), undefined)).status).toBe(403);
      expect((await routesAs(null).orientations2025(get("/agence/export/orientations-2025"), undefined)).status).toBe(401);
      const own = await (await routesAs(w.otherManager).orientations2025(get("/agence/export/orientations-2025"), undefined)).text();
      expect(own.split("\r\n").map((line) => line.split(";")[1])).toEqual(["Nom", "Ailleurs", undefined]);
      const agency = await makeAgency(db.prisma, { name: "Agence 2014 bis", departement: "05", address: "4 rue" });
      const manager = await makeUser(db.prisma, agency.id, "MANAGER", "Mina", "Quatorze");
      const header = await (await routesAs(manager).orientations2025(get("/agence/export/orientations-2025"), undefined)).text();
      expect(header.split("\r\n")).toHaveLength(2);
    });
  });

  it("gives nothing for an agency on the 2014 offer: its dashboard shows no « Offre 2025 » block and reads nothing more", async () => {
    const agency = await makeAgency(db.prisma, { name: "Agence 2014", departement: "05", address: "3 rue" });
    const manager = await makeUser(db.prisma, agency.id, "MANAGER", "Mona", "Quatorze");
    expect(await offer2025Dashboard(manager, agency.id, OPTIONS)).toBeNull();
    // /agence renders the block only when the transition exists, which it never does on the 2014 offer…
    expect(await agencyTransition(manager, agency.id, OPTIONS)).toBeNull();
    // …and the block itself renders nothing there, nor for another agency's manager.
    expect(await Offer2025Section({ actor: manager, agencyId: agency.id })).toBeNull();
    expect(await Offer2025Section({ actor: w.otherManager, agencyId: w.agency.id })).toBeNull();
    expect(await Offer2025Section({ actor: w.manager, agencyId: w.agency.id })).not.toBeNull();
  });
});

describe("the administrator's comparison of the offers", () => {
  let db: TestDatabase;
  let w: Awaited<ReturnType<typeof world>>;
  let agency2014: { id: string };
  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    w = await world(db.prisma);
    agency2014 = await makeAgency(db.prisma, { name: "Agence d'Embrun", departement: "05", address: "5 rue" });
    const advisor = await makeUser(db.prisma, agency2014.id, "ADVISOR", "Eva", "Quatorze");
    const suivi = await makePortfolio(db.prisma, agency2014.id, advisor.id, "SUIVI", 350);
    const guide = await makePortfolio(db.prisma, agency2014.id, advisor.id, "GUIDE", 150);
    await makeSeeker(db.prisma, agency2014.id, { portfolio: suivi, lastName: "Un", registrationDate: "2026-01-05" });
    await makeSeeker(db.prisma, agency2014.id, { portfolio: guide, lastName: "Deux", registrationDate: "2026-02-20" });
    await makeSeeker(db.prisma, agency2014.id, { portfolio: guide, lastName: "Trois", registrationDate: "2026-10-01" });
    await makeSeeker(db.prisma, agency2014.id, { lastName: "Attente" });
  });

  it("lists every agency with its offer and compares the offers' agencies, followed seekers and key indicators", async () => {
    const before = await tableCounts(db.prisma, ["Orientation", "EngagementContract", "AuditEvent", "Seeker"]);
    const comparison = await offerComparison(w.admin, OPTIONS);
    expect(comparison).not.toBeNull();
    const { agencies, offers } = comparison!;
    expect(Object.fromEntries(agencies.map((a) => [a.name, [a.offer, a.followed]]))).toEqual({
      "Agence de Briançon": ["OFFRE_2025", 1],
      "Agence d'Embrun": ["OFFRE_2014", 3],
      "Agence de Gap": ["OFFRE_2025", 16],
    });
    // The overdue reviews are the manager's dashboard's own figure.
    for (const agency of agencies) {
      const reviews = (await agencyOverview(w.admin, agency.id, OPTIONS))!.dashboard.reviews;
      expect(agency.overdueReviews, agency.name).toBe(reviews.M4.OVERDUE + reviews.M9.OVERDUE);
    }
    expect(agencies.find((a) => a.offer === "OFFRE_2014")!.overdueReviews).toBeGreaterThan(0);
    expect(agencies.find((a) => a.name === "Agence de Gap")!.offer2025).toEqual({
      oriented: 12,
      monthOver: 4,
      signedInTime: 2,
      signedInTimeRate: 0.5,
      overdueContracts: 1,
      franceTravail: 7,
      intensive: 3,
      prevalence: 3 / 7,
    });
    const [o2014, o2025] = offers;
    expect(o2014).toMatchObject({ offer: "OFFRE_2014", agencies: 1, followed: 3, offer2025: null });
    expect(o2014!.modalities).toEqual([
      { modality: "SUIVI", count: 1, share: 1 / 3 },
      { modality: "GUIDE", count: 2, share: 2 / 3 },
      { modality: "RENFORCE", count: 0, share: 0 },
      { modality: "GLOBAL", count: 0, share: 0 },
    ]);
    expect(o2025).toMatchObject({ offer: "OFFRE_2025", agencies: 2, followed: 17 });
    expect(o2025!.offer2025).toEqual({
      oriented: 13,
      monthOver: 5,
      signedInTime: 2,
      signedInTimeRate: 0.4,
      overdueContracts: 2,
      franceTravail: 8,
      intensive: 4,
      prevalence: 0.5,
    });
    expect(await tableCounts(db.prisma, ["Orientation", "EngagementContract", "AuditEvent", "Seeker"])).toEqual(before);
  });

  it("is the administrator's only", async () => {
    expect(await offerComparison(w.manager, OPTIONS)).toBeNull();
    expect(await offerComparison(w.alice, OPTIONS)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Parity: the SQL date rules against the domain's, on generated data.
// ---------------------------------------------------------------------------------------------------------------

describe("the 2025 dashboard's date rules equal the domain's", () => {
  let db: TestDatabase;
  let agencyId: string;
  let manager: Awaited<ReturnType<typeof makeUser>>;
  const TZ = "Europe/Paris";
  type Case = { notified: string; firstSigned: string | null; rsaCreatedAt: Date; social: { signedOn: string; extended: boolean } };
  const cases: Case[] = [];
  freshDatabase("all", (fresh) => (db = fresh));

  beforeAll(async () => {
    const agency = await makeAgency(db.prisma, { name: "Parité 2025", departement: "76", address: "Rouen", offer: "OFFRE_2025" });
    agencyId = agency.id;
    manager = await makeUser(db.prisma, agencyId, "MANAGER", "Paul", "Parité");
    const advisor = await makeUser(db.prisma, agencyId, "ADVISOR", "Paula", "Parité");
    const next = random(20261201);
    const severities = ["NONE", "MINOR", "MAJOR"] as const;
    const seekers: Prisma.SeekerCreateManyInput[] = [];
    const orientations: Prisma.OrientationUncheckedCreateInput[] = [];
    const decisions: Prisma.DepartementDecisionUncheckedCreateInput[] = [];
    const contracts: Prisma.EngagementContractUncheckedCreateInput[] = [];
    // Notifications every day from 2024-01-01 to 2025-03-31 (month ends, 29 February), each seeker three files:
    // France Travail's (the contract), an RSA proposal awaiting the département (6 weeks), a social parcours (joint diagnostic).
    for (let dn = toDayNumber("2024-01-01"); dn <= toDayNumber("2025-03-31"); dn++) {
      const notified = fromDayNumber(dn);
      const due = contractDueDate({ notifiedOn: notified, departement: "76" });
      const offset = Math.floor(next() * 5) - 2; // signed from 2 days early to 2 days late, or never
      const firstSigned = next() < 0.2 ? null : addDays(due, offset);
      // Any hour of the UTC day: the local day differs near midnight.
      const rsaCreatedAt = new Date(Date.parse(`${notified}T00:00:00Z`) + Math.floor(next() * 24) * 3_600_000 + Math.floor(next() * 60) * 60_000);
      const barriers = Object.fromEntries(["HEALTH", "HOUSING", "FAMILY", "MOBILITY"].map((b) => [b, severities[Math.floor(next() * 3)]]));
      const answers: DiagnosticAnswers = { ...ANSWERS, monthsWithoutWork: 30, barriers };
      const socialSigned = addDays(notified, -150 + Math.floor(next() * 20));
      cases.push({ notified, firstSigned, rsaCreatedAt, social: { signedOn: socialSigned, extended: isJointDiagnosticExtended(answers) } });
      for (const kind of ["ft", "rsa", "social"] as const) {
        const seekerId = crypto.randomUUID();
        const orientationId = crypto.randomUUID();
        seekers.push({
          id: seekerId,
          agencyId,
          franceTravailId: `Q${kind}${dn}`,
          firstName: "P",
          lastName: `Parité ${notified}`,
          birthDate: day("1980-01-01"),
          commune: "Rouen",
          postalCode: "76000",
          registrationDate: day("2023-06-01"),
          status: "FOLLOWED",
        });
        const spec: OrientationSpec =
          kind === "ft"
            ? { parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", intensity: "AGILE", notifiedOn: notified }
            : kind === "rsa"
              ? { parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", intensity: "AGILE", decidedBy: "DEPARTEMENT", createdAt: rsaCreatedAt.toISOString() }
              : {
                  parcours: "SOCIAL",
                  referent: "CONSEIL_DEPARTEMENTAL",
                  intensity: null,
                  decidedBy: "DEPARTEMENT",
                  answers,
                  createdAt: `${notified}T10:00:00Z`,
                };
        orientations.push({ ...orientationRow(agencyId, seekerId, advisor.id, spec), id: orientationId });
        const ref = { id: orientationId, agencyId, seekerId, authorId: advisor.id };
        if (kind === "ft" && firstSigned !== null) {
          contracts.push(contractRow(ref, 1, firstSigned), contractRow(ref, 2, addDays(firstSigned, 40)));
        }
        if (kind === "social") {
          decisions.push({ agencyId, orientationId, decidedOn: day(notified), parcours: "SOCIAL", referent: "CONSEIL_DEPARTEMENTAL", authorId: advisor.id });
          contracts.push(contractRow(ref, 1, addDays(socialSigned, -30)), contractRow(ref, 2, socialSigned));
        }
      }
    }
    await db.prisma.seeker.createMany({ data: seekers });
    await db.prisma.orientation.createMany({ data: orientations });
    await db.prisma.departementDecision.createMany({ data: decisions });
    await db.prisma.engagementContract.createMany({ data: contracts });
  }, 180_000);

  /** The figures as the domain decides them, seeker by seeker. */
  function expected(today: string) {
    const result = { monthOver: 0, signedInTime: 0, overdue: 0, dueSoon: 0, pending: 0, pendingOverdue: 0, jointOverdue: 0, jointDueSoon: 0 };
    for (const c of cases) {
      const due = contractDueDate({ notifiedOn: c.notified, departement: "76" });
      const sqlSigned = c.firstSigned;
      if (compareDates(today, due) > 0) {
        result.monthOver += 1;
        if (sqlSigned !== null && compareDates(sqlSigned, due) <= 0) result.signedInTime += 1;
        if (sqlSigned === null) result.overdue += 1;
      } else if (compareDates(due, addDays(today, 7)) <= 0 && sqlSigned === null) result.dueSoon += 1;
      const rsaStart = localDateOf(c.rsaCreatedAt.toISOString(), TZ);
      result.pending += 1;
      if (compareDates(today, rsaOrientationDueDate(rsaStart)) > 0) result.pendingOverdue += 1;
      const jointDue = jointDiagnosticDueDate({ contractSignedOn: c.social.signedOn, extended: c.social.extended });
      if (compareDates(jointDue, today) < 0) result.jointOverdue += 1;
      else if (compareDates(jointDue, addDays(today, 30)) <= 0) result.jointDueSoon += 1;
    }
    return result;
  }

  // Around the end of February (leap year), month ends, DST changes and near local midnight.
  const nows = [
    "2024-03-01T10:00:00Z",
    "2024-03-30T23:30:00Z",
    "2024-05-31T21:59:00Z",
    "2024-07-31T22:30:00Z",
    "2024-10-26T22:30:00Z",
    "2024-12-31T23:30:00Z",
    "2025-02-28T12:00:00Z",
    "2025-04-15T12:00:00Z",
  ];
  it.each(nows)("on %s", async (now) => {
    const today = localDateOf(now, TZ);
    const want = expected(today);
    const got = await offer2025Dashboard({ ...manager, agencyId }, agencyId, { now: new Date(now) });
    expect(got).not.toBeNull();
    expect({
      monthOver: got!.contracts.monthOver,
      signedInTime: got!.contracts.signedInTime,
      overdue: got!.contracts.overdue,
      dueSoon: got!.contracts.dueSoon,
      pending: got!.departement.pending,
      pendingOverdue: got!.departement.overdue,
      jointOverdue: got!.jointDiagnostics.overdue,
      jointDueSoon: got!.jointDiagnostics.dueSoon,
    }).toEqual(want);
  });

  it("finds each cut-off as the last start day whose deadline is over", () => {
    for (const today of ["2024-03-01", "2024-03-31", "2025-01-31", "2026-12-01"]) {
      const cut = offer2025Cutoffs(today, "76");
      const over = (n: string) => compareDates(contractDueDate({ notifiedOn: n, departement: "76" }), today) < 0;
      expect(over(cut.contractOver)).toBe(true);
      expect(over(addDays(cut.contractOver, 1))).toBe(false);
      expect(compareDates(rsaOrientationDueDate(cut.rsaOver), today)).toBeLessThan(0);
      expect(compareDates(rsaOrientationDueDate(addDays(cut.rsaOver, 1)), today)).toBeGreaterThanOrEqual(0);
    }
    expect(() => lastStartWhere("2026-12-01", () => true)).toThrow();
  });
});
