import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/auth/policy";
import { auditLog, AUDIT_PAGE_SIZE } from "@/server/queries/audit-log";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makeSeeker, makeUser } from "../support/factories";

describe("the manager's audit journal", () => {
  let db: TestDatabase;
  let agencyId: string;
  let manager: Actor;
  let otherManager: Actor;
  let admin: Actor;
  let advisorId: string;
  let seekerId: string;

  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    const agency = await makeAgency(db.prisma, { code: "76-J", name: "Rouen Journal", departement: "76", address: "1 rue A" });
    const other = await makeAgency(db.prisma, { code: "27-J", name: "Évreux Journal", departement: "27", address: "1 rue B" });
    agencyId = agency.id;
    const user = (email: string, role: Actor["role"], agency: string | null) => makeUser(db.prisma, agency, role, "Prénom", email.split("@")[0]!, { email });
    manager = await user("manager@j.fr", "MANAGER", agency.id);
    otherManager = await user("other@j.fr", "MANAGER", other.id);
    admin = await user("admin@j.fr", "ADMIN", null);
    const advisor = await user("advisor@j.fr", "ADVISOR", agency.id);
    advisorId = advisor.id;
    const secondAdvisor = await user("second@j.fr", "ADVISOR", agency.id);
    const worker = await user("worker@j.fr", "SOCIAL_WORKER", agency.id);
    const outsider = await user("outsider@j.fr", "SOCIAL_WORKER", other.id);
    const seeker = await makeSeeker(db.prisma, agencyId, {
      franceTravailId: "J0000001",
      firstName: "Léa",
      lastName: "Martin",
      birthDate: "1990-01-01",
      commune: "Rouen",
      postalCode: "76000",
      registrationDate: "2026-01-05",
    });
    seekerId = seeker.id;
    const portfolio = (advisor: string, modality: "GUIDE" | "RENFORCE") =>
      db.prisma.portfolio.create({ data: { agencyId, advisorId: advisor, modality, cap: 70 } });
    const fromGuide = await portfolio(advisor.id, "GUIDE");
    const toGuide = await portfolio(secondAdvisor.id, "GUIDE");
    const renforce = await portfolio(secondAdvisor.id, "RENFORCE");
    const otherPortfolio = await db.prisma.portfolio.create({ data: { agencyId: other.id, advisorId: otherManager.id, modality: "GUIDE", cap: 150 } });
    // 23 and 24 November 2026, 13:00 and 13:30 UTC: 14 h 00 and 14 h 30 in Rouen.
    const old = await db.prisma.appointment.create({
      data: {
        agencyId,
        seekerId,
        advisorId: advisor.id,
        kind: "REVIEW_M4",
        status: "CANCELLED",
        startsAt: new Date("2026-11-23T13:00:00Z"),
        endsAt: new Date("2026-11-23T13:30:00Z"),
      },
    });
    const moved = await db.prisma.appointment.create({
      data: {
        agencyId,
        seekerId,
        advisorId: advisor.id,
        kind: "REVIEW_M4",
        replacesId: old.id,
        startsAt: new Date("2026-11-24T13:30:00Z"),
        endsAt: new Date("2026-11-24T14:00:00Z"),
      },
    });
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute));
    await db.prisma.auditEvent.createMany({
      data: [
        {
          agencyId,
          actorId: advisor.id,
          actorRole: "ADVISOR",
          action: "seeker.barriers_viewed",
          seekerId,
          subjectType: "Diagnostic",
          subjectId: seekerId,
          createdAt: at(1),
        },
        {
          agencyId,
          actorId: advisor.id,
          actorRole: "ADVISOR",
          action: "diagnostic.confirmed",
          seekerId,
          subjectType: "Diagnostic",
          metadata: {
            rulesetVersion: "2014.1",
            proposedModality: "GUIDE",
            decidedModality: "RENFORCE",
            override: true,
            portfolioId: renforce.id,
            advisorId: secondAdvisor.id,
          },
          createdAt: at(2),
        },
        {
          agencyId,
          actorId: manager.id,
          actorRole: "MANAGER",
          action: "agency.settings.changed",
          subjectType: "Agency",
          subjectId: agencyId,
          metadata: {
            section: "caps",
            fields: "capRenforce",
            "capRenforce.old": 70,
            "capRenforce.new": 65,
            portfoliosUpdated: 1,
            portfoliosAboveCap: 0,
            confirmedBelowLoad: false,
          },
          createdAt: at(3),
        },
        {
          agencyId,
          actorId: manager.id,
          actorRole: "MANAGER",
          action: "seeker.transferred",
          seekerId,
          subjectType: "Seeker",
          subjectId: seekerId,
          metadata: {
            fromPortfolioId: fromGuide.id,
            toPortfolioId: toGuide.id,
            reason: "REBALANCE",
            forced: false,
            appointmentsFollowed: 1,
            appointmentsReplanned: 0,
          },
          createdAt: at(4),
        },
        {
          agencyId,
          actorId: advisor.id,
          actorRole: "ADVISOR",
          action: "appointment.rescheduled",
          seekerId,
          subjectType: "Appointment",
          subjectId: moved.id,
          metadata: { replacesId: old.id },
          createdAt: at(5),
        },
        // Ids of another agency (a successor, a portfolio) are not resolved here, nor listed.
        {
          agencyId,
          actorId: manager.id,
          actorRole: "MANAGER",
          action: "user.deactivated",
          subjectType: "User",
          subjectId: worker.id,
          metadata: { role: "SOCIAL_WORKER", transferredToId: outsider.id, tandemsTransferred: 1, appointmentsTransferred: 0, portfolioId: otherPortfolio.id },
          createdAt: at(6),
        },
        {
          agencyId,
          action: "auth.login.failed",
          subjectType: "User",
          subjectId: advisor.id,
          metadata: { reason: "wrong-password", address: "203.0.113.9" },
          createdAt: at(7),
        },
        { agencyId: other.id, actorId: otherManager.id, actorRole: "MANAGER", action: "agency.settings.changed", createdAt: at(8) },
        ...Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => ({
          agencyId,
          actorId: advisor.id,
          actorRole: "ADVISOR" as const,
          action: "auth.login.succeeded",
          metadata: { address: "203.0.113.9" },
          createdAt: at(10 + (i % 40)),
        })),
      ],
    });
  });

  const OWN_EVENTS = 7;

  it("lists the agency's events newest first, paginated, and nothing of another agency", async () => {
    const log = await auditLog(manager, { agencyId, page: 1 });
    expect(log?.total).toBe(OWN_EVENTS + AUDIT_PAGE_SIZE);
    expect(log?.pageCount).toBe(2);
    expect(log?.rows).toHaveLength(AUDIT_PAGE_SIZE);
    const times = log!.rows.map((r) => r.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(log?.rows[0]).toMatchObject({
      action: "auth.login.succeeded",
      label: "Connexion",
      actor: { name: "Prénom advisor", role: "ADVISOR" },
      details: [],
      concerns: [],
    });
    const last = await auditLog(manager, { agencyId, page: 2 });
    expect(last?.rows.map((r) => r.action)).toEqual([
      "auth.login.failed",
      "user.deactivated",
      "appointment.rescheduled",
      "seeker.transferred",
      "agency.settings.changed",
      "diagnostic.confirmed",
      "seeker.barriers_viewed",
    ]);
  });

  it("reads each entry in French: who, what, from which value to which, and whom it concerns", async () => {
    const rows = (await auditLog(manager, { agencyId, page: 2 }))!.rows;
    const byAction = new Map(rows.map((r) => [r.action, { label: r.label, actor: r.actor, details: r.details, concerns: r.concerns }]));
    const seeker = "MARTIN Léa (J0000001)";
    expect(byAction.get("seeker.barriers_viewed")).toEqual({
      label: "Freins consultés",
      actor: { name: "Prénom advisor", role: "ADVISOR" },
      details: [],
      concerns: [seeker],
    });
    expect(byAction.get("diagnostic.confirmed")).toEqual({
      label: "Diagnostic confirmé",
      actor: { name: "Prénom advisor", role: "ADVISOR" },
      details: ["proposé : Guidé", "décidé : Renforcé (différent de la proposition)", "conseiller·ère : Prénom second"],
      concerns: [seeker, "Prénom second (Conseiller·ère)"],
    });
    expect(byAction.get("agency.settings.changed")).toEqual({
      label: "Paramètres de l'agence modifiés",
      actor: { name: "Prénom manager", role: "MANAGER" },
      details: ["Plafond renforcé : 70 → 65", "1 portefeuille mis à jour"],
      concerns: [],
    });
    expect(byAction.get("seeker.transferred")).toEqual({
      label: "Changement de portefeuille",
      actor: { name: "Prénom manager", role: "MANAGER" },
      details: [
        "Portefeuille : Prénom advisor (Guidé) → Prénom second (Guidé)",
        "motif : équilibrage des portefeuilles",
        "forcé : non",
        "1 rendez-vous conservé",
        "0 rendez-vous replanifié",
      ],
      concerns: [seeker, "Prénom advisor (Conseiller·ère)", "Prénom second (Conseiller·ère)"],
    });
    expect(byAction.get("appointment.rescheduled")).toEqual({
      label: "Rendez-vous reporté",
      actor: { name: "Prénom advisor", role: "ADVISOR" },
      details: ["Bilan du 4e mois : 23/11/2026 à 14 h 00 → 24/11/2026 à 14 h 30"],
      concerns: [seeker],
    });
    expect(byAction.get("user.deactivated")).toEqual({
      label: "Compte désactivé",
      actor: { name: "Prénom manager", role: "MANAGER" },
      details: ["rôle : Travailleur·se social·e", "1 binôme repris par compte inconnu", "0 rendez-vous transféré"],
      concerns: ["Prénom worker (Travailleur·se social·e)"],
    });
    expect(byAction.get("auth.login.failed")).toEqual({
      label: "Connexion refusée",
      actor: { name: "Personne non connectée", role: null },
      details: ["motif : mot de passe erroné"],
      concerns: ["Prénom advisor (Conseiller·ère)"],
    });
    // No raw key, code or id reaches the reader.
    const shown = JSON.stringify(rows.map((r) => [r.label, r.details, r.concerns]));
    expect(shown).not.toMatch(/REBALANCE|RENFORCE|GUIDE|capRenforce|wrong-password|SOCIAL_WORKER|\b[a-z]+\.[a-z_]+\b|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("filters by staff member and by seeker identifier, and says when the identifier matches nobody", async () => {
    const bySeeker = await auditLog(manager, { agencyId, seeker: "j0000001", page: 1 });
    expect(bySeeker?.rows.map((r) => r.action)).toEqual(["appointment.rescheduled", "seeker.transferred", "diagnostic.confirmed", "seeker.barriers_viewed"]);
    const byActor = await auditLog(manager, { agencyId, advisorId: manager.id, page: 1 });
    expect(byActor?.rows.map((r) => r.action)).toEqual(["user.deactivated", "seeker.transferred", "agency.settings.changed"]);
    const both = await auditLog(manager, { agencyId, advisorId, seeker: seekerId, page: 1 });
    expect(both?.total).toBe(3);
    const nobody = await auditLog(manager, { agencyId, seeker: "X9999999", page: 1 });
    expect(nobody).toMatchObject({ unknownSeeker: true, total: 0, rows: [] });
  });

  it("is refused for another agency's manager and open to an administrator", async () => {
    expect(await auditLog(otherManager, { agencyId, page: 1 })).toBeNull();
    const forAdmin = await auditLog(admin, { agencyId, page: 2 });
    expect(forAdmin?.total).toBe(OWN_EVENTS + AUDIT_PAGE_SIZE);
    expect(forAdmin?.rows.find((r) => r.action === "seeker.transferred")).toMatchObject({
      details: expect.arrayContaining(["Portefeuille : Prénom advisor (Guidé) → Prénom second (Guidé)"]),
      concerns: ["MARTIN Léa (J0000001)", "Prénom advisor (Conseiller·ère)", "Prénom second (Conseiller·ère)"],
    });
  });
});
