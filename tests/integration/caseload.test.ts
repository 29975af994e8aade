import { beforeAll, describe, expect, it } from "vitest";
import { caseloadQuerySchema, caseloadView } from "@/server/queries/caseload";
import type { Actor } from "@/server/auth/policy";
import { addDays, intensiveContactsShortfall, localDateOf, reviewProgress, type RecordedReview } from "@/domain";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import {
  makeAgency,
  makeAppointment,
  type Db,
  makePortfolio,
  makeRouenSeeker,
  makeSeeker,
  makeUser,
  type AppointmentOptions,
  type SeekerOptions,
} from "../support/factories";
import { random } from "../support/random";

// Today in Rouen: Wednesday 2026-11-18 (10:00 local = 09:00Z).
const NOW = new Date("2026-11-18T09:00:00Z");

/** Two advisors « Conseil <last name> » of the agency, with the given e-mails. */
async function twoAdvisors(db: Db, agencyId: string, [advisorName, advisorEmail]: [string, string], [colleagueName, colleagueEmail]: [string, string]) {
  const advisor = await makeUser(db, agencyId, "ADVISOR", "Conseil", advisorName, { email: advisorEmail });
  const colleague = await makeUser(db, agencyId, "ADVISOR", "Conseil", colleagueName, { email: colleagueEmail });
  return { advisor, colleague };
}

describe("the advisor's caseload", () => {
  let db: TestDatabase;
  let advisor: Actor;
  let colleague: Actor;

  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    const agency = await makeAgency(db.prisma, { code: "76-T", name: "Test", departement: "76", address: "1 rue du Test, 76000 Rouen" });
    ({ advisor, colleague } = await twoAdvisors(db.prisma, agency.id, ["Alpha", "a@t.fr"], ["Bravo", "b@t.fr"]));
    const guide = await makePortfolio(db.prisma, agency.id, advisor.id, "GUIDE", 150);
    const suivi = await makePortfolio(db.prisma, agency.id, advisor.id, "SUIVI", 350);
    const other = await makePortfolio(db.prisma, agency.id, colleague.id, "GUIDE", 150);
    let n = 0;
    const seeker = (lastName: string, registrationDate: string, extra: SeekerOptions) =>
      makeRouenSeeker(db.prisma, agency.id, lastName, registrationDate, { franceTravailId: `100000${n++}A`, ...extra });
    // Registered 2026-06-10: M4 window 2026-09-10 → 2026-10-09, over and not done → overdue.
    const late = await seeker("Dupont", "2026-06-10", { portfolio: guide });
    // Registered 2026-08-01: M4 window 2026-11-01 → 2026-11-30, booked on Monday 2026-11-23 14:00 local.
    const soon = await seeker("Émeraude", "2026-08-01", { portfolio: suivi });
    // Registered 2026-10-01, with an appointment today.
    const today = await seeker("Martin", "2026-10-01", { portfolio: guide });
    await seeker("Zorro", "2026-10-01", { portfolio: other });
    // Queue: registered 40 days ago (late) and 5 days ago.
    await seeker("Ancien", "2026-10-09", {});
    await seeker("Récent", "2026-11-13", {});
    const appointment = (seekerId: string, advisorId: string, kind: "REVIEW_M4" | "FOLLOW_UP", startsAt: string) =>
      makeAppointment(db.prisma, { agencyId: agency.id, seekerId, advisorId, kind, startsAt });
    await appointment(soon.id, advisor.id, "REVIEW_M4", "2026-11-23T13:00:00Z");
    await appointment(today.id, advisor.id, "FOLLOW_UP", "2026-11-18T13:30:00Z");
    await appointment(late.id, colleague.id, "FOLLOW_UP", "2026-11-18T13:30:00Z");
    // Held on Monday, outcome not recorded yet.
    await appointment(today.id, advisor.id, "FOLLOW_UP", "2026-11-16T13:30:00Z");
  });

  const view = (actor: Actor, query: Record<string, string> = {}) => caseloadView(actor, caseloadQuerySchema.parse(query), NOW);

  it("counts each filter over the advisor's own portfolios only", async () => {
    const result = await view(advisor);
    expect(result.today).toBe("2026-11-18");
    expect(result.counts).toEqual({
      tous: 3,
      suivi: 1,
      guide: 2,
      renforce: 0,
      global: 0,
      intensif: 0,
      agile: 0,
      binome: 0,
      "contacts-manquants": 0,
      bilans: 1,
      "en-retard": 1,
      aujourdhui: 1,
      "a-renseigner": 1,
      file: 2,
      fileLate: 1,
    });
    expect(result.rows.map((row) => row.lastName)).toEqual(["Dupont", "Émeraude", "Martin"]);
    expect(result.rows.find((row) => row.lastName === "Dupont")?.reviews).toEqual({ M4: "OVERDUE", M9: "NOT_YET" });
    expect(result.rows.find((row) => row.lastName === "Émeraude")?.reviews?.M4).toBe("SCHEDULED");
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
    expect(result.agenda.map((entry) => [entry.seekerName, entry.startsAt.toISOString(), entry.seekerInScope])).toEqual([
      ["Test Martin", "2026-11-18T13:30:00.000Z", true],
      ["Test Émeraude", "2026-11-23T13:00:00.000Z", true],
    ]);
  });

  it("shows the advisor's own portfolios with their load against their cap", async () => {
    expect((await view(advisor)).portfolios.map(({ modality, load, cap }) => ({ modality, load, cap }))).toEqual([
      { modality: "SUIVI", load: 1, cap: 350 },
      { modality: "GUIDE", load: 2, cap: 150 },
    ]);
    expect((await view(colleague)).portfolios.map(({ modality, load, cap }) => ({ modality, load, cap }))).toEqual([{ modality: "GUIDE", load: 1, cap: 150 }]);
  });
});

// The agenda is read with the page's other small figures before the agency's time zone is known, over a span around
// now, then kept by the agency-local days: its bounds are today's midnight and the eighth day's, in the agency's zone.
describe("the week's agenda keeps today and the 7 next days of the agency's own time zone", () => {
  let db: TestDatabase;
  freshDatabase("all", (fresh) => (db = fresh));

  async function agendaOf(departement: string, startsAt: string[]): Promise<string[]> {
    const agency = await makeAgency(db.prisma, { code: `${departement}-AG`, name: `Agenda ${departement}`, departement, address: "1 rue du Test" });
    const advisor = await makeUser(db.prisma, agency.id, "ADVISOR", "Conseil", `Agenda${departement}`, { email: `agenda-${departement}@t.fr` });
    const portfolio = await makePortfolio(db.prisma, agency.id, advisor.id, "GUIDE", 150);
    const seeker = await makeRouenSeeker(db.prisma, agency.id, `Agenda${departement}`, "2026-10-01", { portfolio });
    for (const instant of startsAt)
      await makeAppointment(db.prisma, { agencyId: agency.id, seekerId: seeker.id, advisorId: advisor.id, kind: "FOLLOW_UP", startsAt: instant });
    const result = await caseloadView(advisor, caseloadQuerySchema.parse({}), NOW);
    return result.agenda.map((entry) => entry.startsAt.toISOString());
  }

  it("in Rouen (UTC+1): from Wednesday 00:00 to the next Wednesday 00:00 excluded", async () => {
    expect(
      await agendaOf("76", [
        "2026-11-17T22:30:00.000Z", // Tuesday 23:30, yesterday
        "2026-11-17T23:00:00.000Z", // Wednesday 00:00, today
        "2026-11-25T22:30:00.000Z", // Wednesday 25th 23:30, the seventh day after today
        "2026-11-25T23:00:00.000Z", // Thursday 26th 00:00, the eighth
      ]),
    ).toEqual(["2026-11-17T23:00:00.000Z", "2026-11-25T22:30:00.000Z"]);
  });

  it("counts in the agency's zone read anew when its département changed since this process last read it", async () => {
    const agency = await makeAgency(db.prisma, { code: "76-MOVED", name: "Agenda moved", departement: "76", address: "1 rue du Test" });
    const advisor = await makeUser(db.prisma, agency.id, "ADVISOR", "Conseil", "Moved", { email: "moved@t.fr" });
    const portfolio = await makePortfolio(db.prisma, agency.id, advisor.id, "GUIDE", 150);
    const seeker = await makeRouenSeeker(db.prisma, agency.id, "Moved", "2026-10-01", { portfolio });
    // Wednesday 04:30 in Rouen, Tuesday 23:30 in Guadeloupe.
    await makeAppointment(db.prisma, { agencyId: agency.id, seekerId: seeker.id, advisorId: advisor.id, kind: "FOLLOW_UP", startsAt: "2026-11-18T03:30:00Z" });
    const query = caseloadQuerySchema.parse({});
    const inRouen = await caseloadView(advisor, query, NOW);
    expect([inRouen.timeZone, inRouen.counts.aujourdhui]).toEqual(["Europe/Paris", 1]);
    await db.prisma.agency.update({ where: { id: agency.id }, data: { departement: "971" } });
    const inGuadeloupe = await caseloadView(advisor, query, NOW);
    expect([inGuadeloupe.timeZone, inGuadeloupe.counts.aujourdhui]).toEqual(["America/Guadeloupe", 0]);
    expect(inGuadeloupe.counts).toEqual((await caseloadView(advisor, query, NOW, { readAll: true })).counts);
  });

  it("in Guadeloupe (UTC−4): today is still Wednesday there, whatever the UTC day", async () => {
    expect(
      await agendaOf("971", [
        "2026-11-18T03:30:00.000Z", // Tuesday 23:30 local
        "2026-11-18T04:00:00.000Z", // Wednesday 00:00 local
        "2026-11-26T03:30:00.000Z", // Wednesday 25th 23:30 local
        "2026-11-26T04:00:00.000Z", // Thursday 26th 00:00 local
      ]),
    ).toEqual(["2026-11-18T04:00:00.000Z", "2026-11-26T03:30:00.000Z"]);
  });
});

// Regression (issue 15): « Rendez-vous du jour (0) » while the agenda listed two appointments today — a first
// interview of a seeker of the queue, and a meeting already held this morning.
describe("« rendez-vous du jour » counts the meetings the agenda lists today", () => {
  let db: TestDatabase;
  let advisor: Actor;
  let colleague: Actor;

  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    const agency = await makeAgency(db.prisma, { code: "76-J", name: "Jour", departement: "76", address: "1 rue du Jour, 76000 Rouen" });
    ({ advisor, colleague } = await twoAdvisors(db.prisma, agency.id, ["Jour", "j@t.fr"], ["Autre", "k@t.fr"]));
    const guide = await makePortfolio(db.prisma, agency.id, advisor.id, "GUIDE", 2);
    const theirs = await makePortfolio(db.prisma, agency.id, colleague.id, "GUIDE", 150);
    const seeker = (lastName: string, extra: SeekerOptions) =>
      makeSeeker(db.prisma, agency.id, { firstName: "Test", lastName, registrationDate: "2026-10-01", ...extra });
    const held = await seeker("Matin", { portfolio: guide });
    await seeker("Plein", { portfolio: guide });
    const newcomer = await seeker("Nouveau", {});
    await seeker("Attente", {});
    const other = await seeker("Collègue", { portfolio: theirs });
    const appointment = (seekerId: string, advisorId: string, extra: Partial<AppointmentOptions>) =>
      makeAppointment(db.prisma, { agencyId: agency.id, seekerId, advisorId, ...extra, startsAt: extra.startsAt ?? "2026-11-18T13:30:00Z" });
    // Held this morning (08:30 local), the outcome recorded.
    await appointment(held.id, advisor.id, { startsAt: "2026-11-18T07:30:00Z", status: "DONE" });
    // A first interview this afternoon for a seeker of the queue.
    await appointment(newcomer.id, advisor.id, { kind: "INITIAL", startsAt: "2026-11-18T14:00:00Z", minutes: 60 });
    // Cancelled, the colleague's own meeting, and tomorrow's: not today's meetings of the advisor.
    await appointment(held.id, advisor.id, { startsAt: "2026-11-18T15:00:00Z", status: "CANCELLED" });
    await appointment(other.id, colleague.id, { startsAt: "2026-11-18T09:00:00Z" });
    await appointment(held.id, advisor.id, { startsAt: "2026-11-19T09:00:00Z" });
  });

  const view = (actor: Actor, query: Record<string, string> = {}) => caseloadView(actor, caseloadQuerySchema.parse(query), NOW);

  it("counts and lists every seeker met today, the queue's first interviews and the meetings already held included", async () => {
    const result = await view(advisor);
    const todays = result.agenda.filter((entry) => localDateOf(entry.startsAt.toISOString(), result.timeZone) === result.today);
    expect(todays.map((entry) => entry.seekerName)).toEqual(["Test Matin", "Test Nouveau"]);
    expect(result.counts.aujourdhui).toBe(todays.length);
    const listed = (await view(advisor, { filtre: "aujourdhui" })).rows;
    expect(listed.map((row) => [row.lastName, row.reviews === null])).toEqual([
      ["Matin", false],
      ["Nouveau", true],
    ]);
    // The queue's seekers are not in the portfolio's other lists.
    expect(result.counts).toMatchObject({ tous: 2, guide: 2, "en-retard": 0, "a-renseigner": 0, file: 2 });
    expect(result.rows.map((row) => row.lastName)).toEqual(["Matin", "Plein"]);
    // Every name of the agenda opens the seeker's file (own portfolio or the agency's queue).
    expect(result.agenda.every((entry) => entry.seekerInScope)).toBe(true);
    expect(result.portfolios.map(({ modality, load, cap }) => ({ modality, load, cap }))).toEqual([{ modality: "GUIDE", load: 2, cap: 2 }]);
  });

  it("does not count the meetings of a colleague", async () => {
    const result = await view(colleague);
    expect(result.counts.aujourdhui).toBe(1);
    expect(result.agenda.map((entry) => entry.seekerName)).toEqual(["Test Collègue"]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The database folds each seeker's appointments; the result must be what the domain computes from the raw rows.
// ---------------------------------------------------------------------------------------------------------------

type Kind = "INITIAL" | "FOLLOW_UP" | "REVIEW_M4" | "REVIEW_M9";
type Status = "SCHEDULED" | "DONE" | "NO_SHOW" | "EXCUSED" | "CANCELLED";
type Generated = { seekerId: string; advisorId: string; kind: Kind; status: Status; startsAt: Date };
const FIRST_NAMES = ["P", "Émile", "Eric", "élodie", "Zoé", "Œdipe", "Anne-Marie", "anne marie"];
const MODALITIES = ["GUIDE", "SUIVI", "RENFORCE", "GLOBAL", "GUIDE", "INTENSIF", "AGILE", "TANDEM", "INTENSIF"] as const;

describe.each([
  ["76", "Europe/Paris"],
  ["974", "Indian/Reunion"],
])("the caseload of generated seekers (département %s) equals the domain's reading of their appointments", (departement, timeZone) => {
  let db: TestDatabase;
  let advisor: Actor;
  const seekers: { id: string; lastName: string; registrationDate: string; mine: boolean; queued?: boolean; modality?: string }[] = [];
  const appointments: Generated[] = [];
  const queue: string[] = [];

  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    const agency = await makeAgency(db.prisma, { code: `${departement}-P`, name: "Parité", departement, address: "1 rue de la Parité" });
    const { advisor: a, colleague: b } = await twoAdvisors(db.prisma, agency.id, ["Parité", "pa@t.fr"], ["Collègue", "pb@t.fr"]);
    advisor = a;
    const mine = await makePortfolio(db.prisma, agency.id, a.id, "GUIDE", 500);
    const theirs = await makePortfolio(db.prisma, agency.id, b.id, "GUIDE", 500);
    const next = random(departement === "76" ? 2026 : 974);
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
    const kinds: Kind[] = ["INITIAL", "FOLLOW_UP", "REVIEW_M4", "REVIEW_M9", "REVIEW_M4", "REVIEW_M9"];
    const statuses: Status[] = ["SCHEDULED", "SCHEDULED", "DONE", "NO_SHOW", "EXCUSED", "CANCELLED"];
    const rows = [];
    let serial = 0;
    for (let i = 0; i < 100; i++) {
      const id = crypto.randomUUID();
      // Registered from 2025-10 to 2026-11, so that every review state occurs around the days below.
      const registrationDate = new Date(Date.UTC(2025, 9, 1) + Math.floor(next() * 400) * 86_400_000).toISOString().slice(0, 10);
      // Shared last names and first names with and without accents: the sorts' ties are decided by the name order.
      const lastName = `Parité ${String(i % 70).padStart(3, "0")}`;
      const isMine = i % 8 !== 7;
      seekers.push({ id, lastName, registrationDate, mine: isMine, modality: MODALITIES[i % MODALITIES.length]! });
      rows.push({
        id,
        agencyId: agency.id,
        franceTravailId: `Q${String(i).padStart(6, "0")}`,
        firstName: FIRST_NAMES[i % FIRST_NAMES.length]!,
        lastName,
        birthDate: new Date("1990-01-01"),
        commune: "Commune",
        postalCode: "00000",
        registrationDate: new Date(registrationDate),
        status: "FOLLOWED" as const,
        modality: MODALITIES[i % MODALITIES.length]!,
        portfolioId: isMine ? mine.id : theirs.id,
      });
      const count = Math.floor(next() * 6);
      for (let k = 0; k < count; k++) {
        serial += 1;
        // Around the days checked below, at any hour (local dates differ from UTC ones near midnight).
        const startsAt = new Date(Date.UTC(2026, 8, 1) + Math.floor(next() * 160) * 86_400_000 + Math.floor(next() * 48) * 1_800_000 + serial * 1000);
        appointments.push({ seekerId: id, advisorId: next() < 0.8 ? a.id : b.id, kind: pick(kinds), status: pick(statuses), startsAt });
      }
    }
    // The agency's queue (no portfolio, awaiting a diagnostic), some met by the advisor: « rendez-vous du jour » lists them.
    for (let i = 0; i < 12; i++) {
      const id = crypto.randomUUID();
      const registrationDate = new Date(Date.UTC(2026, 8, 1) + Math.floor(next() * 100) * 86_400_000).toISOString().slice(0, 10);
      queue.push(id);
      seekers.push({ id, lastName: `File ${i}`, registrationDate, mine: false, queued: true });
      rows.push({
        id,
        agencyId: agency.id,
        franceTravailId: `F${String(i).padStart(6, "0")}`,
        firstName: FIRST_NAMES[i % FIRST_NAMES.length]!,
        lastName: `File ${String(i % 5).padStart(3, "0")}`,
        birthDate: new Date("1990-01-01"),
        commune: "Commune",
        postalCode: "00000",
        registrationDate: new Date(registrationDate),
        status: "AWAITING_DIAGNOSTIC" as const,
        modality: null,
        portfolioId: null,
      });
      for (let k = 0; k < 3; k++) {
        serial += 1;
        const startsAt = new Date(Date.UTC(2026, 8, 1) + Math.floor(next() * 160) * 86_400_000 + Math.floor(next() * 48) * 1_800_000 + serial * 1000);
        appointments.push({ seekerId: id, advisorId: next() < 0.8 ? a.id : b.id, kind: "INITIAL", status: pick(statuses), startsAt });
      }
    }
    // A meeting of the advisor later on the last day checked: in one of the draws, none of the advisor's own seekers has
    // a meeting with them on a checked day, and « aujourd'hui » would only ever be checked as 0 == 0.
    appointments.push({
      seekerId: seekers.find((s) => s.mine)!.id,
      advisorId: a.id,
      kind: "FOLLOW_UP",
      status: "SCHEDULED",
      startsAt: new Date("2026-12-15T15:00:00Z"),
    });
    // A first interview of a seeker of the queue on a day checked (2026-10-25 in both time zones at the second instant).
    appointments.push({ seekerId: queue[0]!, advisorId: a.id, kind: "INITIAL", status: "SCHEDULED", startsAt: new Date("2026-10-25T10:00:00Z") });
    await db.prisma.seeker.createMany({ data: rows });
    await db.prisma.appointment.createMany({
      data: appointments.map((x) => ({ ...x, agencyId: agency.id, endsAt: new Date(x.startsAt.getTime() + 1000) })),
    });
  }, 120_000);

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
        // Any meeting of the advisor that day not cancelled (held, missed or to come), as the agenda lists them.
        own.some((x) => x.advisorId === advisor.id && local(x) === today) && "aujourdhui",
        scheduled.some((x) => x.advisorId === advisor.id && x.startsAt < now) && "a-renseigner",
        // Intensive support: fewer than two contacts planned or held in the agency's calendar month of today.
        seeker.mine &&
          seeker.modality === "INTENSIF" &&
          intensiveContactsShortfall(own.filter((x) => x.status === "SCHEDULED" || x.status === "DONE").map(local), today.slice(0, 7)) > 0 &&
          "contacts-manquants",
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
      expect(
        { reviews: row.reviews, next: row.nextAppointment ? `${row.nextAppointment.startsAt.toISOString()} ${row.nextAppointment.kind}` : null },
        row.lastName,
      ).toEqual({
        reviews: w.reviews,
        next: w.next,
      });
    }
    for (const filter of ["bilans", "en-retard", "aujourdhui", "a-renseigner", "contacts-manquants"] as const) {
      // « Rendez-vous du jour » also lists the queue's seekers the advisor meets that day.
      const expectedIds = [...mineIds, ...(filter === "aujourdhui" ? queue : [])].filter((id) => want.get(id)!.filters.includes(filter));
      expect(all.counts[filter], `${filter} le ${instant}`).toBe(expectedIds.length);
      const listed = [];
      for (let page = 1; page <= Math.max(1, Math.ceil(expectedIds.length / 25)); page++) {
        listed.push(...(await caseloadView(advisor, caseloadQuerySchema.parse({ filtre: filter, page: String(page) }), now)).rows.map((r) => r.id));
      }
      expect(listed.sort(), `${filter} le ${instant}`).toEqual(expectedIds.sort());
    }
  });

  // The product's answer, not the generated data's: at some instant each filter holds seekers in the caseload's own
  // counts and lists, as many as the domain's reading of the raw rows says — so no filter is checked as 0 == 0 only.
  it("exercises every filter: the caseload itself answers each one with seekers, as many as the domain counts", async () => {
    const answered = new Set<string>();
    for (const instant of nows) {
      const now = new Date(instant);
      const want = expected(now);
      const { counts } = await caseloadView(advisor, caseloadQuerySchema.parse({ page: "1" }), now);
      for (const filter of ["bilans", "en-retard", "aujourdhui", "a-renseigner", "contacts-manquants"] as const) {
        const independent = seekers.filter((s) => (s.mine || (s.queued && filter === "aujourdhui")) && want.get(s.id)!.filters.includes(filter)).length;
        expect(counts[filter], `${filter} le ${instant}`).toBe(independent);
        if (counts[filter] === 0) continue;
        const listed = (await caseloadView(advisor, caseloadQuerySchema.parse({ filtre: filter }), now)).rows;
        expect(listed.length, `${filter} le ${instant}`).toBe(Math.min(independent, 25));
        for (const row of listed) expect(want.get(row.id)!.filters, `${row.lastName} sous ${filter} le ${instant}`).toContain(filter);
        answered.add(filter);
      }
    }
    expect([...answered].sort()).toEqual(["a-renseigner", "aujourdhui", "bilans", "contacts-manquants", "en-retard"]);
  });

  // The page without a search reads only the page shown, the filters counted by the database: at every instant, for
  // every filter, sort and page, it shows exactly what the reading of the whole caseload judged by the domain shows.
  it.each(nows)("the page-sized reading equals the whole caseload's reading on %s", async (instant) => {
    const now = new Date(instant);
    const filters = [
      "tous",
      "suivi",
      "guide",
      "renforce",
      "global",
      "intensif",
      "agile",
      "binome",
      "contacts-manquants",
      "bilans",
      "en-retard",
      "aujourdhui",
      "a-renseigner",
    ] as const;
    const sorts = ["nom", "inscription", "prochain-rdv"] as const;
    let compared = 0;
    let queueRowsSeen = 0;
    for (const filtre of filters) {
      // The sorts are read the same whatever the filter: all three under « tous », the name order elsewhere.
      for (const tri of filtre === "tous" ? sorts : (["nom"] as const)) {
        for (let page = 1; ; page++) {
          const query = caseloadQuerySchema.parse({ filtre, tri, page: String(page) });
          const reference = await caseloadView(advisor, query, now, { readAll: true });
          const paged = await caseloadView(advisor, query, now);
          expect(paged, `${filtre} ${tri} page ${page} le ${instant}`).toEqual(reference);
          compared += paged.rows.length;
          queueRowsSeen += paged.rows.filter((row) => row.reviews === null).length;
          if (page >= reference.pageCount) break;
        }
      }
    }
    const queueView = caseloadQuerySchema.parse({ vue: "file" });
    expect(await caseloadView(advisor, queueView, now)).toEqual(await caseloadView(advisor, queueView, now, { readAll: true }));
    // Every seeker of the advisor, under « tous », in each of the three sorts, at least.
    expect(compared).toBeGreaterThanOrEqual(3 * seekers.filter((s) => s.mine).length);
    if (instant === nows[1]) expect(queueRowsSeen, "a seeker of the queue met that day").toBeGreaterThan(0);
  });
});
