/**
 * The seeker's space under the 2025 offer (issue 20, docs/rules.md#seeker-space-2025): my parcours and who follows me,
 * a pending RSA proposal with the département's 6-week date, my contract's latest revision (read only) with its due
 * date, my breaches, who sees my data — and nothing new for an agency on the 2014 offer or before an orientation.
 */
import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import type { DiagnosticAnswers } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import { orientSeeker2025 } from "@/server/use-cases/orient-2025";
import { notifyBreach, reportBreach } from "@/server/use-cases/breaches";
import { mySpace } from "@/server/queries/my-space";
import { mySpace2025, readPlan, weeklyHoursWords } from "@/server/queries/my-space-2025";
import { Offer2025Sections } from "@/app/mon-espace/Offer2025";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makePortfolio, makeSeeker, makeUser } from "../support/factories";

const NOW = new Date("2026-03-02T08:00:00.000Z");
const LATER = new Date("2026-03-10T08:00:00.000Z");
const EMPLOI: DiagnosticAnswers = { project: 0, skills: 0, jobSearch: 0, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: {}, webVolunteer: true };

async function world(db: PrismaClient, offer: "OFFRE_2014" | "OFFRE_2025" = "OFFRE_2025") {
  const agency = await makeAgency(db, { name: "Gap", departement: "05", address: "1 rue de la Paix", offer });
  const advisor = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const seekerUser = await makeUser(db, agency.id, "SEEKER", "Zoé", "Martin");
  const otherUser = await makeUser(db, agency.id, "SEEKER", "Yann", "Autrui");
  const own = await makePortfolio(db, agency.id, advisor.id, "GUIDE");
  const seeker = await makeSeeker(db, agency.id, { portfolio: own, assignment: {}, userId: seekerUser.id, birthDate: "1980-06-15" });
  const other = await makeSeeker(db, agency.id, { portfolio: own, assignment: {}, userId: otherUser.id, birthDate: "1980-06-15" });
  return { agency, advisor, seekerUser, otherUser, seeker, other };
}

const html = (data: NonNullable<Awaited<ReturnType<typeof mySpace2025>>>) => renderToStaticMarkup(Offer2025Sections({ data }));

describe("mySpace2025", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));
  const opts = (now = NOW) => ({ now, db: db.prisma });

  it("nothing new for an agency on the 2014 offer, nor before an orientation; the rest of the space is unchanged", async () => {
    const w2014 = await world(db.prisma, "OFFRE_2014");
    expect(await mySpace2025(w2014.seekerUser, { now: NOW })).toBeNull();
    const space = await mySpace(w2014.seekerUser, { now: NOW });
    expect(Object.keys(space!).sort()).toEqual(
      ["advisor", "agency", "calendarFeedToken", "history", "later", "modality", "next", "reviews", "seeker", "socialWorker", "webOnly"].sort(),
    );
    const w = await world(db.prisma);
    expect(await mySpace2025(w.seekerUser, { now: NOW })).toBeNull();
    expect(await mySpace2025(w.advisor, { now: NOW })).toBeNull();
  });

  it("oriented by France Travail, contract not written yet: my parcours, who follows me, the date to sign before", async () => {
    const w = await world(db.prisma);
    await orientSeeker2025(w.advisor, { seekerId: w.seeker.id, answers: EMPLOI, situation: { rsa: false, rqth: false } }, opts());
    const data = (await mySpace2025(w.seekerUser, { now: NOW }))!;
    expect(data.orientation.state).toMatchObject({ kind: "DECIDED", decidedOn: "2026-03-02" });
    expect(data.contract).toBeNull();
    expect(data.contractDueOn).toBe("2026-04-02");
    expect(data.advisor).toEqual({ firstName: "Alice", lastName: "Bernard" });
    const text = html(data);
    expect(text).toContain("Mon parcours");
    expect(text).toContain("Parcours emploi");
    expect(text).toContain("Vous êtes accompagné·e pour trouver un emploi.");
    expect(text).toContain("Qui vous suit : <strong>France Travail</strong>, avec Alice Bernard, votre conseiller·ère");
    expect(text).toContain("le signez au plus tard le <strong>2 avril 2026</strong>");
    expect(text).toContain("Vous avez 10 jours pour répondre");
    expect(text).not.toContain("Mes manquements");
    expect(text).toContain("seule la personne qui vous suit la voit");
    expect(text).not.toMatch(/AGILE|EMPLOI|FRANCE_TRAVAIL/);
  });

  it("an RSA recipient's proposal: the département decides within 6 weeks, with the date", async () => {
    const w = await world(db.prisma);
    await orientSeeker2025(w.advisor, { seekerId: w.seeker.id, answers: EMPLOI, situation: { rsa: true, rqth: false } }, opts());
    const data = (await mySpace2025(w.seekerUser, { now: NOW }))!;
    expect(data.contractDueOn).toBeNull();
    const text = html(data);
    expect(text).toContain("C&#x27;est le département qui décide de votre parcours.");
    expect(text).toContain("Le département doit décider dans les 6 semaines, au plus tard le <strong>13 avril 2026</strong>.");
  });

  it("the contract's latest revision, read only: objectives, actions with due dates and status, intensity, weekly hours, both sides' commitments", async () => {
    const w = await world(db.prisma);
    const { orientationId } = await orientSeeker2025(w.advisor, { seekerId: w.seeker.id, answers: EMPLOI, situation: { rsa: false, rqth: false } }, opts());
    const contract = (revision: number, extra: Record<string, unknown>) =>
      db.prisma.engagementContract.create({
        data: {
          agencyId: w.agency.id,
          seekerId: w.seeker.id,
          orientationId,
          revision,
          intensity: "AGILE",
          plan: { objectives: ["Ancien objectif"], actions: [] },
          seekerCommitments: "Ancien engagement",
          advisorCommitments: "Ancien",
          authorId: w.advisor.id,
          ...extra,
        },
      });
    await contract(1, {});
    await contract(2, {
      signedOn: new Date("2026-03-09T00:00:00Z"),
      intensity: "INTENSIF",
      weeklyHalfHours: 25,
      weeklyHoursReason: "Garde d'enfant le mercredi",
      plan: {
        objectives: ["Devenir cariste"],
        actions: [
          { label: "Passer le CACES", dueOn: "2026-05-15", status: "EN_COURS" },
          { label: "Mettre à jour le CV", dueOn: "2026-03-20", status: "FAIT" },
        ],
      },
      seekerCommitments: "Postuler à 3 offres par semaine.",
      advisorCommitments: "Proposer une formation CACES.",
    });
    // Another seeker's contract is never shown.
    const data = (await mySpace2025(w.seekerUser, { now: LATER }))!;
    expect(data.contract).toMatchObject({
      revision: 2,
      signedOn: "2026-03-09",
      objectives: ["Devenir cariste"],
      actions: [
        { label: "Passer le CACES", dueOn: "2026-05-15", status: "en cours" },
        { label: "Mettre à jour le CV", dueOn: "2026-03-20", status: "fait" },
      ],
      weeklyHours: "12 heures 30",
      seekerCommitments: "Postuler à 3 offres par semaine.",
    });
    const text = html(data);
    expect(text).toContain("Signé le 9 mars 2026.");
    expect(text).toContain("À faire avant le 15 mai 2026");
    expect(text).toContain("au moins 2 contacts par mois");
    expect(text).toContain("<strong>12 heures 30</strong>");
    expect(text).toContain("Proposer une formation CACES.");
    expect(text).not.toContain("Ancien engagement");
    expect((await mySpace2025(w.otherUser, { now: LATER })) ?? null).toBeNull();
  });

  it("my breaches with their steps and the 10-day deadline in plain words; another seeker's never", async () => {
    const w = await world(db.prisma);
    await orientSeeker2025(w.advisor, { seekerId: w.seeker.id, answers: EMPLOI, situation: { rsa: false, rqth: false } }, opts());
    await orientSeeker2025(w.advisor, { seekerId: w.other.id, answers: EMPLOI, situation: { rsa: false, rqth: false } }, opts());
    const { breachId } = await reportBreach(
      w.advisor,
      { seekerId: w.seeker.id, obligation: "APPOINTMENT_MISSED", facts: "Absent sans prévenir le 2 mars.", occurredOn: "2026-03-02" },
      opts(),
    );
    await notifyBreach(w.advisor, { breachId, notifiedOn: "2026-03-03" }, opts(new Date("2026-03-03T08:00:00Z")));
    await reportBreach(
      w.advisor,
      { seekerId: w.other.id, obligation: "CONTRACT_REFUSED", facts: "Refus de signer le contrat.", occurredOn: "2026-03-02" },
      opts(),
    );
    const data = (await mySpace2025(w.seekerUser, { now: LATER }))!;
    expect(data.breaches.map((b) => b.obligation)).toEqual(["APPOINTMENT_MISSED"]);
    const text = html(data);
    expect(text).toContain("Mes manquements");
    expect(text).toContain("Absence à un rendez-vous, le 2 mars 2026");
    expect(text).toContain("Il vous reste 3 jours pour répondre (jusqu&#x27;au 13/03/2026).");
    expect(text).not.toContain("Refus de signer");
  });

  it("reads the plan defensively and says the weekly hours in words", () => {
    expect(readPlan({})).toEqual({ objectives: [], actions: [] });
    expect(readPlan(null)).toEqual({ objectives: [], actions: [] });
    expect(readPlan({ objectives: ["A", 3], actions: [{ label: "C", dueOn: "bad", status: "WEIRD" }] })).toEqual({ objectives: [], actions: [] });
    expect(readPlan({ objectives: ["A"], actions: [{ label: "C", dueOn: "2026-04-01", status: "ABANDONNE" }] })).toEqual({
      objectives: ["A"],
      actions: [{ label: "C", dueOn: "2026-04-01", status: "abandonné" }],
    });
    expect(weeklyHoursWords(30)).toBe("15 heures");
    expect(weeklyHoursWords(1)).toBe("0 heure 30");
    expect(weeklyHoursWords(2)).toBe("1 heure");
  });
});
