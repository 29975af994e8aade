/**
 * The demo seed and the bulk seed on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set):
 * personas, modality shares, diagnostics consistent with the ruleset, appointments on working days within
 * agency hours and never overlapping, portfolios within their caps, idempotence.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, diagnose, isWorkingDay, parseTimeOfDay, timeZoneOf, toLocalParts, type DiagnosticAnswers } from "@/domain";
import { verifyPassword } from "@/server/auth/password";
import type { Database } from "@/server/db/connection";
import { DEMO_ACCOUNTS, DEMO_AGENCY_CODES, seedBulk, seedDemo } from "@/server/seed";
import { findAgency, loadTerritory } from "@/server/imports/territory";
import { SEED_TEST_TARGETS, type SeedTestDatabase } from "./databases";

const TODAY = "2026-03-26"; // the Thursday before the switch to summer time: upcoming appointments cross it
const SCALE = 0.1;
const BULK_SEEKERS = 2_000;

async function tableCounts(db: Database): Promise<Record<string, number>> {
  const p = db.prisma;
  return {
    agencies: await p.agency.count(),
    agencyCommunes: await p.agencyCommune.count(),
    users: await p.user.count(),
    advisorProfiles: await p.advisorProfile.count(),
    portfolios: await p.portfolio.count(),
    seekers: await p.seeker.count(),
    diagnostics: await p.diagnostic.count(),
    assignments: await p.assignment.count(),
    tandems: await p.socialTandem.count(),
    appointments: await p.appointment.count(),
    auditEvents: await p.auditEvent.count(),
  };
}

/** Every appointment is on a working day of its agency, on the slot grid, inside agency hours (local time). */
async function expectAppointmentsInAgencyHours(db: Database): Promise<number> {
  const agencies = await db.prisma.agency.findMany();
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const appointments = await db.prisma.appointment.findMany({ select: { agencyId: true, kind: true, startsAt: true, endsAt: true } });
  const problems: string[] = [];
  for (const a of appointments) {
    const agency = byId.get(a.agencyId);
    if (!agency) throw new Error("agence manquante");
    const zone = timeZoneOf(agency.departement);
    const start = toLocalParts(a.startsAt.toISOString(), zone);
    const end = toLocalParts(a.endsAt.toISOString(), zone);
    const minutes = (a.endsAt.getTime() - a.startsAt.getTime()) / 60_000;
    const expected = a.kind === "INITIAL" ? agency.initialInterviewMinutes : agency.slotMinutes;
    const startMinute = parseTimeOfDay(start.time);
    const ok =
      isWorkingDay(start.date, agency.departement) &&
      end.date === start.date &&
      minutes === expected &&
      startMinute >= parseTimeOfDay(agency.appointmentStart) &&
      parseTimeOfDay(end.time) <= parseTimeOfDay(agency.appointmentEnd) &&
      (startMinute - parseTimeOfDay(agency.appointmentStart)) % agency.slotMinutes === 0;
    if (!ok) problems.push(`${agency.code} ${a.kind} ${start.date} ${start.time}–${end.time}`);
  }
  expect(problems.slice(0, 5)).toEqual([]);
  return appointments.length;
}

/** No two live appointments of an advisor overlap (what the exclusion constraint also enforces). */
async function expectNoOverlap(db: Database): Promise<void> {
  const rows = await db.prisma.appointment.findMany({
    where: { status: { not: "CANCELLED" } },
    select: { advisorId: true, startsAt: true, endsAt: true },
    orderBy: [{ advisorId: "asc" }, { startsAt: "asc" }],
  });
  let overlaps = 0;
  for (let i = 1; i < rows.length; i += 1) {
    const prev = rows[i - 1];
    const cur = rows[i];
    if (prev && cur && prev.advisorId === cur.advisorId && cur.startsAt < prev.endsAt) overlaps += 1;
  }
  expect(overlaps).toBe(0);
}

/** No portfolio holds more seekers than its cap; each followed seeker has one open assignment to its portfolio. */
async function expectPortfoliosWithinCaps(db: Database): Promise<void> {
  const portfolios = await db.prisma.portfolio.findMany({ include: { _count: { select: { seekers: true } } } });
  expect(portfolios.length).toBeGreaterThan(0);
  for (const p of portfolios) expect(p._count.seekers, `${p.modality} ${p.id}`).toBeLessThanOrEqual(p.cap);
  const followed = await db.prisma.seeker.findMany({
    where: { status: "FOLLOWED" },
    select: { portfolioId: true, modality: true, portfolio: { select: { modality: true } }, assignments: { where: { endedAt: null } } },
  });
  for (const s of followed) {
    expect(s.portfolio?.modality).toBe(s.modality);
    expect(s.assignments).toHaveLength(1);
    expect(s.assignments[0]?.portfolioId).toBe(s.portfolioId);
  }
}

/** Each stored proposal is exactly what the ruleset says about the stored answers. */
async function expectProposalsFromRuleset(db: Database): Promise<{ total: number; overridden: number }> {
  const diagnostics = await db.prisma.diagnostic.findMany({
    include: { agency: { select: { globalPartnership: true } }, seeker: { select: { modality: true, webOnly: true } } },
  });
  let overridden = 0;
  for (const d of diagnostics) {
    const result = diagnose(d.answers as unknown as DiagnosticAnswers, { globalPartnership: d.agency.globalPartnership });
    expect(d.proposedModality).toBe(result.modality);
    expect(d.proposedWebOnly).toBe(result.webOnly);
    expect(d.professionalScore).toBe(result.professionalScore);
    expect(d.workAxis).toBe(result.workAxis);
    expect(d.reasons).toEqual(result.reasons);
    expect(d.rulesetVersion).toBe(result.rulesetVersion);
    expect(d.decidedModality).toBe(d.seeker.modality);
    expect(d.webOnly).toBe(d.seeker.webOnly);
    if (d.decidedModality !== d.proposedModality) {
      overridden += 1;
      expect(d.overrideJustification?.length ?? 0).toBeGreaterThan(20);
    } else {
      expect(d.overrideJustification).toBeNull();
    }
  }
  return { total: diagnostics.length, overridden };
}

describe.each(SEED_TEST_TARGETS)("seed sur $name", (target) => {
  let handle: SeedTestDatabase;
  let db: Database;

  beforeAll(async () => {
    handle = await target.open();
    db = handle.db;
    const summary = await seedDemo(db, { today: TODAY, scale: SCALE });
    expect(summary.created).toBe(true);
  });

  afterAll(async () => {
    await handle?.dispose();
  });

  it("crée les comptes de démonstration avec leur rôle et un mot de passe qui se vérifie", async () => {
    expect(DEMO_ACCOUNTS.map((a) => a.role).sort()).toEqual(["ADMIN", "ADVISOR", "MANAGER", "SEEKER", "SOCIAL_WORKER"]);
    const rouen = await db.prisma.agency.findUniqueOrThrow({ where: { code: DEMO_AGENCY_CODES.rouen } });
    for (const account of DEMO_ACCOUNTS) {
      const user = await db.prisma.user.findUniqueOrThrow({ where: { email: account.email } });
      expect(user.role).toBe(account.role);
      expect(user.agencyId).toBe(account.role === "ADMIN" ? null : rouen.id);
      expect(await verifyPassword(user.passwordHash, account.password)).toBe(true);
    }
  });

  it("donne à chaque persona ce que la démonstration montre", async () => {
    const advisor = await db.prisma.user.findUniqueOrThrow({ where: { email: "conseillere@modalis.demo" }, include: { portfolios: true } });
    expect(advisor.portfolios.map((p) => p.modality).sort()).toEqual(["GUIDE", "SUIVI"]);

    const seeker = await db.prisma.seeker.findFirstOrThrow({
      where: { user: { email: "demandeur@modalis.demo" } },
      include: { portfolio: true, diagnostics: true, appointments: true },
    });
    expect(seeker.modality).toBe("GUIDE");
    expect(seeker.portfolio?.advisorId).toBe(advisor.id);
    expect(seeker.diagnostics).toHaveLength(1);
    const now = new Date(`${TODAY}T06:00:00Z`);
    const kinds = (past: boolean) => seeker.appointments.filter((a) => a.startsAt < now === past).map((a) => `${a.kind}:${a.status}`);
    expect(kinds(true)).toEqual(expect.arrayContaining(["INITIAL:DONE", "REVIEW_M4:DONE"]));
    expect(kinds(false)).toEqual(expect.arrayContaining(["REVIEW_M9:SCHEDULED"]));

    const worker = await db.prisma.user.findUniqueOrThrow({ where: { email: "travailleur.social@modalis.demo" } });
    const tandems = await db.prisma.socialTandem.findMany({ where: { socialWorkerId: worker.id }, include: { seeker: true } });
    expect(tandems.length).toBeGreaterThanOrEqual(2);
    for (const t of tandems) expect(t.seeker.modality).toBe("GLOBAL");
    // The tandem file shows notes from both sides and a planned joint meeting (docs/rules.md#the-tandem-file).
    const notes = await db.prisma.tandemNote.findMany({ where: { seekerId: { in: tandems.map((t) => t.seekerId) } } });
    expect(new Set(notes.map((n) => n.authorRole))).toEqual(new Set(["SOCIAL_WORKER", "ADVISOR"]));
    expect(
      await db.prisma.appointment.count({
        where: { socialWorkerId: worker.id, kind: "JOINT_GLOBAL", status: "SCHEDULED", startsAt: { gt: new Date(`${TODAY}T06:00:00Z`) } },
      }),
    ).toBeGreaterThan(0);

    const reunion = await db.prisma.agency.findUniqueOrThrow({ where: { code: DEMO_AGENCY_CODES.reunion } });
    expect(reunion.departement).toBe("974");
    expect(reunion.globalPartnership).toBe(false);
    expect(await db.prisma.seeker.count({ where: { agencyId: reunion.id, modality: "GLOBAL" } })).toBe(0);
    expect(await db.prisma.user.count({ where: { agencyId: reunion.id, role: "ADVISOR" } })).toBe(3);
  });

  it("répartit les modalités près de la référence (30 % suivi, 63 % guidé, 7 % renforcé, quelques % global)", async () => {
    const groups = await db.prisma.seeker.groupBy({ by: ["modality"], where: { status: "FOLLOWED" }, _count: true });
    const total = groups.reduce((n, g) => n + g._count, 0);
    const share = (m: string) => (groups.find((g) => g.modality === m)?._count ?? 0) / total;
    expect(share("SUIVI")).toBeGreaterThan(0.26);
    expect(share("SUIVI")).toBeLessThan(0.34);
    expect(share("GUIDE") + share("GLOBAL")).toBeGreaterThan(0.59);
    expect(share("GUIDE") + share("GLOBAL")).toBeLessThan(0.67);
    expect(share("RENFORCE")).toBeGreaterThan(0.05);
    expect(share("RENFORCE")).toBeLessThan(0.09);
    expect(share("GLOBAL")).toBeGreaterThan(0.01);
    expect(share("GLOBAL")).toBeLessThan(0.06);
  });

  it("enregistre des propositions identiques à celles du barème, et ≈ 5 % de décisions motivées différentes", async () => {
    const { total, overridden } = await expectProposalsFromRuleset(db);
    // Every file diagnosed in the demo: those followed, and those closed since (issue 17).
    expect(total).toBe(await db.prisma.seeker.count({ where: { status: { in: ["FOLLOWED", "CLOSED"] } } }));
    expect(overridden / total).toBeGreaterThan(0.01);
    expect(overridden / total).toBeLessThan(0.1);
  });

  it("place les rendez-vous les jours ouvrés, dans les horaires de l'agence, sans chevauchement", async () => {
    expect(await expectAppointmentsInAgencyHours(db)).toBeGreaterThan(500);
    await expectNoOverlap(db);
  });

  it("donne l'accord SMS à une part réaliste des demandeurs qui ont un portable, et quelques-uns refusent les messages facultatifs", async () => {
    const total = await db.prisma.seeker.count();
    const withPhone = await db.prisma.seeker.count({ where: { phone: { not: null } } });
    const consenting = await db.prisma.seeker.findMany({ where: { smsConsent: true }, select: { phone: true, smsConsentAt: true } });
    expect(consenting.length / withPhone).toBeGreaterThan(0.4);
    expect(consenting.length / withPhone).toBeLessThan(0.8);
    for (const seeker of consenting) {
      expect(seeker.phone).not.toBeNull();
      expect(seeker.smsConsentAt).not.toBeNull();
    }
    expect(await db.prisma.seeker.count({ where: { smsConsent: false, smsConsentAt: { not: null } } })).toBe(0);
    const optedOut = await db.prisma.seeker.count({ where: { optionalMessagesOptOut: true } });
    expect(optedOut).toBeGreaterThan(0);
    expect(optedOut / total).toBeLessThan(0.1);
  });

  it("montre des messages envoyés au demandeur de démonstration, par e-mail et par SMS, et un échec dans le portefeuille de la conseillère", async () => {
    const seeker = await db.prisma.seeker.findFirstOrThrow({ where: { user: { email: "demandeur@modalis.demo" } }, include: { outboxMessages: true } });
    expect(seeker.smsConsent).toBe(true);
    expect(new Set(seeker.outboxMessages.map((m) => m.channel))).toEqual(new Set(["EMAIL", "SMS"]));
    expect(seeker.outboxMessages.every((m) => m.status === "SENT" || m.status === "DELIVERED")).toBe(true);
    const failed = await db.prisma.outboxMessage.findFirstOrThrow({
      where: { status: "FAILED", seeker: { portfolio: { advisor: { email: "conseillere@modalis.demo" } } } },
      include: { seeker: true },
    });
    expect(failed.lastError).toMatch(/^550 /);
    expect(failed.seeker.emailBouncedAt).not.toBeNull();
    expect(await db.prisma.outboxMessage.count({ where: { status: "QUEUED" } })).toBe(0);
  });

  it("montre une conversation entre le demandeur de démonstration et sa conseillère, la dernière question sans réponse", async () => {
    const seeker = await db.prisma.seeker.findFirstOrThrow({
      where: { user: { email: "demandeur@modalis.demo" } },
      select: { id: true, userId: true, portfolio: { select: { advisor: { select: { id: true, email: true } } } } },
    });
    expect(seeker.portfolio?.advisor.email).toBe("conseillere@modalis.demo");
    const messages = await db.prisma.conversationMessage.findMany({ where: { seekerId: seeker.id }, orderBy: { createdAt: "asc" } });
    expect(messages.map((m) => [m.authorId, m.authorRole])).toEqual([
      [seeker.userId, "SEEKER"],
      [seeker.portfolio!.advisor.id, "ADVISOR"],
      [seeker.userId, "SEEKER"],
    ]);
    const reader = await db.prisma.conversationReader.findUniqueOrThrow({
      where: { seekerId_userId: { seekerId: seeker.id, userId: seeker.portfolio!.advisor.id } },
    });
    expect(messages.filter((m) => m.authorRole === "SEEKER" && m.createdAt > reader.lastReadAt!)).toHaveLength(1);
  });

  it("ne dépasse le plafond d'aucun portefeuille", async () => {
    await expectPortfoliosWithinCaps(db);
  });

  it("laisse des demandeurs en attente de diagnostic, dont certains hors délai", async () => {
    const awaiting = await db.prisma.seeker.findMany({
      where: { status: "AWAITING_DIAGNOSTIC" },
      include: { appointments: true, diagnostics: true },
    });
    expect(awaiting.length).toBeGreaterThan(5);
    for (const s of awaiting) {
      expect(s.portfolioId).toBeNull();
      expect(s.diagnostics).toHaveLength(0);
    }
    const deadline = new Date(`${addDays(TODAY, -28)}T00:00:00Z`);
    const late = awaiting.filter((s) => s.registrationDate < deadline);
    expect(late.length).toBeGreaterThan(0);
    expect(awaiting.some((s) => s.appointments.some((a) => a.kind === "INITIAL" && a.status === "SCHEDULED"))).toBe(true);
  });

  it("donne aux agences de démonstration leur territoire, communes désignées par leur code INSEE", async () => {
    const territory = await loadTerritory(db.prisma);
    const agencies = await db.prisma.agency.findMany({ select: { id: true, code: true } });
    const idOf = (code: string) => agencies.find((a) => a.code === code)?.id;
    const rouen = idOf(DEMO_AGENCY_CODES.rouen);
    const reunion = idOf(DEMO_AGENCY_CODES.reunion);
    const communes = territory.communes.map((c) => [c.inseeCode, c.postalCode, c.name, c.agencyCode]);
    expect(communes).toContainEqual(["76540", "76100", "Rouen", DEMO_AGENCY_CODES.rouen]);
    expect(communes).toContainEqual(["76575", "76800", "Saint-Étienne-du-Rouvray", DEMO_AGENCY_CODES.rouen]);
    expect(communes).toContainEqual(["97411", "97400", "Saint-Denis", DEMO_AGENCY_CODES.reunion]);
    expect(communes).toContainEqual(["97411", "97490", "Saint-Denis", DEMO_AGENCY_CODES.reunion]);
    expect(territory.communes.filter((c) => c.agencyId === rouen)).toHaveLength(20);
    expect(territory.communes.filter((c) => c.agencyId === reunion)).toHaveLength(6);
    expect(findAgency(territory, "76100", null)).toEqual({ agencyId: rouen });
    expect(findAgency(territory, "97490", "Ste Clotilde")).toEqual({ agencyId: reunion });
    expect(findAgency(territory, "76999", null)).toEqual({ reason: "Code postal inconnu du territoire : 76999" });
    // Every seeker of the demo lives in a commune of their agency's territory.
    const seekers = await db.prisma.seeker.findMany({ select: { agencyId: true, postalCode: true, commune: true } });
    const outside = seekers.filter((s) => {
      const found = findAgency(territory, s.postalCode, s.commune);
      return !("agencyId" in found) || found.agencyId !== s.agencyId;
    });
    expect(outside).toEqual([]);
  });

  it("écrit l'inscription de chaque demandeur et quelques dossiers clos avec leur motif (entrées et sorties non vides)", async () => {
    const seekers = await db.prisma.seeker.count();
    expect(await db.prisma.seekerLifeEvent.count({ where: { kind: "REGISTRATION" } })).toBe(seekers);
    const closed = await db.prisma.seeker.findMany({
      where: { status: "CLOSED" },
      select: { id: true, exitReason: true, portfolioId: true, closedAt: true, userId: true },
    });
    expect(closed.length).toBeGreaterThan(0);
    for (const s of closed) {
      expect(s.exitReason).not.toBeNull();
      expect(s.portfolioId).toBeNull();
      expect(s.userId).toBeNull();
      expect(s.closedAt!.toISOString().slice(0, 10) <= TODAY).toBe(true);
    }
    const exits = await db.prisma.seekerLifeEvent.findMany({ where: { kind: "EXIT" }, select: { seekerId: true, exitReason: true } });
    expect(exits.map((e) => e.seekerId).sort()).toEqual(closed.map((s) => s.id).sort());
    // Nothing still to come for a closed file, and no open assignment.
    const ids = closed.map((s) => s.id);
    expect(await db.prisma.appointment.count({ where: { seekerId: { in: ids }, status: "SCHEDULED" } })).toBe(0);
    expect(await db.prisma.assignment.count({ where: { seekerId: { in: ids }, endedAt: null } })).toBe(0);
  });

  it("ne change rien quand on le relance (idempotent)", async () => {
    const before = await tableCounts(db);
    const again = await seedDemo(db, { today: TODAY, scale: SCALE });
    expect(again.created).toBe(false);
    expect(again.message).toMatch(/existent déjà/);
    expect(await tableCounts(db)).toEqual(before);
  });

  it("ajoute exactement le nombre demandé de demandeurs en mode volume, avec les mêmes garanties", async () => {
    const before = await db.prisma.seeker.count();
    const progress: number[] = [];
    const summary = await seedBulk(db, { seekers: BULK_SEEKERS, today: TODAY, onProgress: (p) => progress.push(p.seekersDone) });
    expect(summary.seekers).toBe(BULK_SEEKERS);
    expect(await db.prisma.seeker.count()).toBe(before + BULK_SEEKERS);
    expect(progress.at(-1)).toBe(BULK_SEEKERS);
    const ids = await db.prisma.seeker.findMany({ select: { franceTravailId: true } });
    expect(new Set(ids.map((s) => s.franceTravailId)).size).toBe(ids.length);
    for (const s of ids) expect(s.franceTravailId).toMatch(/^\d{7}[A-Z]$/);
    await expectAppointmentsInAgencyHours(db);
    await expectNoOverlap(db);
    await expectPortfoliosWithinCaps(db);
    await expectProposalsFromRuleset(db);
  });

  it("donne aux agences du mode volume leur territoire ; un lieu repris laisse ses communes à la première agence", async () => {
    // 17 small agencies: the 16 places, then Le Havre again (already seeded by the test above).
    const before = await db.prisma.agencyCommune.count();
    const summary = await seedBulk(db, { seekers: 17 * 20, seekersPerAgency: 20, seekersPerAdvisor: 20, today: TODAY });
    expect(summary.agencies).toHaveLength(17);
    const territory = await loadTerritory(db.prisma);
    expect(territory.communes.length).toBeGreaterThan(before);
    const rouenNorth = territory.communes.filter((c) => c.agencyCode === "76-ROUEN-RIVE-DROITE");
    expect(rouenNorth.map((c) => [c.inseeCode, c.postalCode])).toContainEqual(["76540", "76000"]);
    // 76380 is shared: Canteleu (Rouen Rive Droite) and Val-de-la-Haye (the demo's Rouen Rive Gauche).
    const rouenSouth = territory.agencyIdByCode.get(DEMO_AGENCY_CODES.rouen);
    expect(findAgency(territory, "76380", null)).toEqual({ reason: "Code postal partagé entre plusieurs agences : précisez la commune" });
    expect(findAgency(territory, "76380", "CANTELEU")).toEqual({ agencyId: rouenNorth[0]?.agencyId });
    expect(findAgency(territory, "76380", "val de la haye")).toEqual({ agencyId: rouenSouth });
    // The Le Havre agencies of the repeated place got no commune: the first one keeps them.
    const havre = territory.communes.filter((c) => c.postalCode === "76600");
    expect(havre).toHaveLength(1);
    expect(havre[0]?.agencyCode).toBe("76-LE-HAVRE-CENTRE");
  });
});
