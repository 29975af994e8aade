import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseloadQuerySchema, caseloadView } from "@/server/queries/caseload";
import type { Actor } from "@/server/auth/policy";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";

// Today in Rouen: Wednesday 2026-11-18 (10:00 local = 09:00Z).
const NOW = new Date("2026-11-18T09:00:00Z");

describe("the advisor's caseload", () => {
  let db: TestDatabase;
  let advisor: Actor;
  let colleague: Actor;

  beforeAll(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
    const agency = await db.prisma.agency.create({
      data: { code: "76-T", name: "Test", departement: "76", address: "1 rue du Test, 76000 Rouen" },
    });
    const user = (email: string, lastName: string) =>
      db.prisma.user.create({ data: { email, firstName: "Conseil", lastName, role: "ADVISOR", passwordHash: "x", agencyId: agency.id } });
    const [a, b] = await Promise.all([user("a@t.fr", "Alpha"), user("b@t.fr", "Bravo")]);
    advisor = { id: a.id, role: "ADVISOR", agencyId: agency.id, email: a.email, firstName: a.firstName, lastName: a.lastName };
    colleague = { ...advisor, id: b.id, email: b.email, lastName: b.lastName };
    const guide = await db.prisma.portfolio.create({ data: { agencyId: agency.id, advisorId: a.id, modality: "GUIDE", cap: 150 } });
    const suivi = await db.prisma.portfolio.create({ data: { agencyId: agency.id, advisorId: a.id, modality: "SUIVI", cap: 350 } });
    const other = await db.prisma.portfolio.create({ data: { agencyId: agency.id, advisorId: b.id, modality: "GUIDE", cap: 150 } });
    let n = 0;
    const seeker = (lastName: string, registrationDate: string, extra: Record<string, unknown>) =>
      db.prisma.seeker.create({
        data: {
          agencyId: agency.id,
          franceTravailId: `100000${n++}A`,
          firstName: "Test",
          lastName,
          birthDate: new Date("1990-01-01"),
          commune: "Rouen",
          postalCode: "76000",
          registrationDate: new Date(registrationDate),
          ...extra,
        },
      });
    // Registered 2026-06-10: M4 window 2026-09-10 → 2026-10-09, over and not done → overdue.
    const late = await seeker("Dupont", "2026-06-10", { status: "FOLLOWED", modality: "GUIDE", portfolioId: guide.id });
    // Registered 2026-08-01: M4 window 2026-11-01 → 2026-11-30, booked on Monday 2026-11-23 14:00 local.
    const soon = await seeker("Émeraude", "2026-08-01", { status: "FOLLOWED", modality: "SUIVI", portfolioId: suivi.id });
    // Registered 2026-10-01, with an appointment today.
    const today = await seeker("Martin", "2026-10-01", { status: "FOLLOWED", modality: "GUIDE", portfolioId: guide.id });
    await seeker("Zorro", "2026-10-01", { status: "FOLLOWED", modality: "GUIDE", portfolioId: other.id });
    // Queue: registered 40 days ago (late) and 5 days ago.
    await seeker("Ancien", "2026-10-09", {});
    await seeker("Récent", "2026-11-13", {});
    const appointment = (seekerId: string, advisorId: string, kind: "REVIEW_M4" | "FOLLOW_UP", startsAt: string) =>
      db.prisma.appointment.create({
        data: { agencyId: agency.id, seekerId, advisorId, kind, startsAt: new Date(startsAt), endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000) },
      });
    await appointment(soon.id, a.id, "REVIEW_M4", "2026-11-23T13:00:00Z");
    await appointment(today.id, a.id, "FOLLOW_UP", "2026-11-18T13:30:00Z");
    await appointment(late.id, b.id, "FOLLOW_UP", "2026-11-18T13:30:00Z");
    // Held on Monday, outcome not recorded yet.
    await appointment(today.id, a.id, "FOLLOW_UP", "2026-11-16T13:30:00Z");
  });
  afterAll(async () => {
    await db.dispose();
  });

  const view = (actor: Actor, query: Record<string, string> = {}) => caseloadView(actor, caseloadQuerySchema.parse(query), NOW);

  it("counts each filter over the advisor's own portfolios only", async () => {
    const result = await view(advisor);
    expect(result.today).toBe("2026-11-18");
    expect(result.counts).toEqual({
      tous: 3, suivi: 1, guide: 2, renforce: 0, global: 0, bilans: 1, "en-retard": 1, aujourdhui: 1, "a-renseigner": 1, file: 2, fileLate: 1,
    });
    expect(result.rows.map((row) => row.lastName)).toEqual(["Dupont", "Émeraude", "Martin"]);
    expect(result.rows.find((row) => row.lastName === "Dupont")?.reviews).toEqual({ M4: "OVERDUE", M9: "NOT_YET" });
    expect(result.rows.find((row) => row.lastName === "Émeraude")?.reviews.M4).toBe("SCHEDULED");
    expect((await view(colleague)).rows.map((row) => row.lastName)).toEqual(["Zorro"]);
  });

  it("filters, searches without accents and sorts", async () => {
    expect((await view(advisor, { filtre: "en-retard" })).rows.map((r) => r.lastName)).toEqual(["Dupont"]);
    expect((await view(advisor, { filtre: "aujourdhui" })).rows.map((r) => r.lastName)).toEqual(["Martin"]);
    expect((await view(advisor, { filtre: "bilans" })).rows.map((r) => r.lastName)).toEqual(["Émeraude"]);
    expect((await view(advisor, { filtre: "a-renseigner" })).rows.map((r) => r.lastName)).toEqual(["Martin"]);
    expect((await view(advisor, { q: "emeraude" })).rows.map((r) => r.lastName)).toEqual(["Émeraude"]);
    expect((await view(advisor, { q: "1000002A" })).rows.map((r) => r.lastName)).toEqual(["Martin"]);
    // Dupont's and Martin's next appointments are at the same time: then by name.
    expect((await view(advisor, { tri: "prochain-rdv" })).rows.map((r) => r.lastName)).toEqual(["Dupont", "Martin", "Émeraude"]);
  });

  it("lists the agency queue oldest first with days waited and the late flag", async () => {
    const result = await view(advisor, { vue: "file" });
    expect(result.queue.map((r) => [r.lastName, r.daysSinceRegistration, r.late])).toEqual([
      ["Ancien", 40, true],
      ["Récent", 5, false],
    ]);
  });

  it("shows this week's agenda in agency time, and ignores unknown query values", async () => {
    const result = await view(advisor, { filtre: "n'importe", page: "-3", tri: "x" });
    expect(result.query).toMatchObject({ filtre: "tous", page: 1, tri: "nom" });
    expect(result.agenda.map((entry) => [entry.seekerName, entry.startsAt.toISOString()])).toEqual([
      ["Test Martin", "2026-11-18T13:30:00.000Z"],
      ["Test Émeraude", "2026-11-23T13:00:00.000Z"],
    ]);
  });
});
