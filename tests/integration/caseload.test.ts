import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseloadQuerySchema, caseloadView } from "@/server/queries/caseload";
import type { Actor } from "@/server/auth/policy";
import { addDays, localDateOf, reviewProgress, type RecordedReview } from "@/domain";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";
import { random } from "../support/random";

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

// ---------------------------------------------------------------------------------------------------------------
// The database folds each seeker's appointments; the result must be what the domain computes from the raw rows.
// ---------------------------------------------------------------------------------------------------------------

type Kind = "INITIAL" | "FOLLOW_UP" | "REVIEW_M4" | "REVIEW_M9";
type Status = "SCHEDULED" | "DONE" | "NO_SHOW" | "EXCUSED" | "CANCELLED";
type Generated = { seekerId: string; advisorId: string; kind: Kind; status: Status; startsAt: Date };

describe.each([
  ["76", "Europe/Paris"],
  ["974", "Indian/Reunion"],
])("the caseload of generated seekers (département %s) equals the domain's reading of their appointments", (departement, timeZone) => {
  let db: TestDatabase;
  let advisor: Actor;
  const seekers: { id: string; lastName: string; registrationDate: string }[] = [];
  const appointments: Generated[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
    const agency = await db.prisma.agency.create({ data: { code: `${departement}-P`, name: "Parité", departement, address: "1 rue de la Parité" } });
    const user = (email: string, lastName: string) =>
      db.prisma.user.create({ data: { email, firstName: "Conseil", lastName, role: "ADVISOR", passwordHash: "x", agencyId: agency.id } });
    const [a, b] = await Promise.all([user("pa@t.fr", "Parité"), user("pb@t.fr", "Collègue")]);
    advisor = { id: a.id, role: "ADVISOR", agencyId: agency.id, email: a.email, firstName: a.firstName, lastName: a.lastName };
    const mine = await db.prisma.portfolio.create({ data: { agencyId: agency.id, advisorId: a.id, modality: "GUIDE", cap: 500 } });
    const theirs = await db.prisma.portfolio.create({ data: { agencyId: agency.id, advisorId: b.id, modality: "GUIDE", cap: 500 } });
    const next = random(departement === "76" ? 2026 : 974);
    const pick = <T,>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
    const kinds: Kind[] = ["INITIAL", "FOLLOW_UP", "REVIEW_M4", "REVIEW_M9", "REVIEW_M4", "REVIEW_M9"];
    const statuses: Status[] = ["SCHEDULED", "SCHEDULED", "DONE", "NO_SHOW", "EXCUSED", "CANCELLED"];
    const rows = [];
    let serial = 0;
    for (let i = 0; i < 100; i++) {
      const id = crypto.randomUUID();
      // Registered from 2025-10 to 2026-11, so that every review state occurs around the days below.
      const registrationDate = new Date(Date.UTC(2025, 9, 1) + Math.floor(next() * 400) * 86_400_000).toISOString().slice(0, 10);
      const lastName = `Parité ${String(i).padStart(3, "0")}`;
      seekers.push({ id, lastName, registrationDate });
      rows.push({
        id, agencyId: agency.id, franceTravailId: `Q${String(i).padStart(6, "0")}`, firstName: "P", lastName,
        birthDate: new Date("1990-01-01"), commune: "Commune", postalCode: "00000", registrationDate: new Date(registrationDate),
        status: "FOLLOWED" as const, modality: "GUIDE" as const, portfolioId: i % 8 === 7 ? theirs.id : mine.id,
      });
      const count = Math.floor(next() * 6);
      for (let k = 0; k < count; k++) {
        serial += 1;
        // Around the days checked below, at any hour (local dates differ from UTC ones near midnight).
        const startsAt = new Date(Date.UTC(2026, 8, 1) + Math.floor(next() * 160) * 86_400_000 + Math.floor(next() * 48) * 1_800_000 + serial * 1000);
        appointments.push({ seekerId: id, advisorId: next() < 0.8 ? a.id : b.id, kind: pick(kinds), status: pick(statuses), startsAt });
      }
    }
    await db.prisma.seeker.createMany({ data: rows });
    await db.prisma.appointment.createMany({
      data: appointments.map((x) => ({ ...x, agencyId: agency.id, endsAt: new Date(x.startsAt.getTime() + 1000) })),
    });
  }, 120_000);
  afterAll(async () => {
    await db.dispose();
  });

  /** Per seeker of the advisor: the row's review progress and next appointment, and the filters they belong to. */
  function expected(now: Date) {
    const today = localDateOf(now.toISOString(), timeZone);
    const horizon = addDays(today, 14);
    const result = new Map<string, { reviews: Record<"M4" | "M9", string>; next: string | null; filters: string[] }>();
    for (const seeker of seekers) {
      const own = appointments.filter((x) => x.seekerId === seeker.id && x.status !== "CANCELLED").sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
      const local = (x: Generated) => localDateOf(x.startsAt.toISOString(), timeZone);
      const recorded: RecordedReview[] = own
        .filter((x) => x.kind === "REVIEW_M4" || x.kind === "REVIEW_M9")
        .map((x) => ({ kind: x.kind === "REVIEW_M4" ? "M4" : "M9", status: x.status as RecordedReview["status"], date: local(x) }));
      const reviews = reviewProgress(seeker.registrationDate, today, recorded);
      const scheduled = own.filter((x) => x.status === "SCHEDULED");
      const next = scheduled.find((x) => x.startsAt >= now);
      const filters = [
        scheduled.some((x) => (x.kind === "REVIEW_M4" || x.kind === "REVIEW_M9") && local(x) >= today && local(x) <= horizon) && "bilans",
        (reviews.M4 === "OVERDUE" || reviews.M9 === "OVERDUE") && "en-retard",
        scheduled.some((x) => x.advisorId === advisor.id && local(x) === today) && "aujourdhui",
        scheduled.some((x) => x.advisorId === advisor.id && x.startsAt < now) && "a-renseigner",
      ].filter((f): f is string => Boolean(f));
      result.set(seeker.id, { reviews, next: next ? `${next.startsAt.toISOString()} ${next.kind}` : null, filters });
    }
    return result;
  }

  // Near local midnight, across the end of summer time in Paris (2026-10-25), a month end, and mid-day.
  const nows = ["2026-10-24T22:30:00Z", "2026-10-25T00:30:00Z", "2026-10-25T23:10:00Z", "2026-11-30T20:00:00Z", "2026-12-15T11:00:00Z"];

  it.each(nows)("on %s", async (instant) => {
    const now = new Date(instant);
    const want = expected(now);
    const all = await caseloadView(advisor, caseloadQuerySchema.parse({ page: "1" }), now);
    const mineIds = new Set((await db.prisma.seeker.findMany({ where: { portfolio: { advisorId: advisor.id } }, select: { id: true } })).map((s) => s.id));
    expect(all.total).toBe(mineIds.size);
    const pages = Math.ceil(all.total / 25);
    const rows = [];
    for (let page = 1; page <= pages; page++) rows.push(...(await caseloadView(advisor, caseloadQuerySchema.parse({ page: String(page) }), now)).rows);
    for (const row of rows) {
      const w = want.get(row.id)!;
      expect({ reviews: row.reviews, next: row.nextAppointment ? `${row.nextAppointment.startsAt.toISOString()} ${row.nextAppointment.kind}` : null }, row.lastName).toEqual({
        reviews: w.reviews,
        next: w.next,
      });
    }
    for (const filter of ["bilans", "en-retard", "aujourdhui", "a-renseigner"] as const) {
      const expectedIds = [...mineIds].filter((id) => want.get(id)!.filters.includes(filter));
      expect(all.counts[filter], `${filter} le ${instant}`).toBe(expectedIds.length);
      const listed = [];
      for (let page = 1; page <= Math.max(1, Math.ceil(expectedIds.length / 25)); page++) {
        listed.push(...(await caseloadView(advisor, caseloadQuerySchema.parse({ filtre: filter, page: String(page) }), now)).rows.map((r) => r.id));
      }
      expect(listed.sort(), `${filter} le ${instant}`).toEqual(expectedIds.sort());
    }
  });

  it("exercises every filter on the generated data", () => {
    const seen = new Set(nows.flatMap((instant) => [...expected(new Date(instant)).values()].flatMap((w) => w.filters)));
    expect([...seen].sort()).toEqual(["a-renseigner", "aujourdhui", "bilans", "en-retard"]);
  });
});
