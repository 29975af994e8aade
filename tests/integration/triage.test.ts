import { beforeAll, describe, expect, it } from "vitest";
import { previousAnswersView, triageContext } from "@/server/queries/triage";
import type { Actor } from "@/server/auth/policy";
import type { DiagnosticAnswers } from "@/domain";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makeDiagnostic, makePortfolio, makeSeeker, makeUser } from "../support/factories";

const FIRST: DiagnosticAnswers = { project: 1, skills: 0, jobSearch: 1, digital: 0, basicSkills: 0, monthsWithoutWork: 3, barriers: {}, webVolunteer: false };
const LATEST: DiagnosticAnswers = { ...FIRST, project: 2, monthsWithoutWork: null, barriers: { HEALTH: "MAJOR" } };

// « Refaire le diagnostic » starts from the latest diagnostic's answers (issue 15), which hold the barriers (health
// included): only the advisor in charge gets them, and opening the form on them is journaled.
describe("the diagnostic form's context", () => {
  let db: TestDatabase;
  let advisor: Actor;
  let colleague: Actor;
  let followedId: string;
  let queuedId: string;
  let latestId: string;

  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    const agency = await makeAgency(db.prisma, { code: "76-R", name: "Refaire", departement: "76", address: "1 rue du Test, 76000 Rouen" });
    advisor = await makeUser(db.prisma, agency.id, "ADVISOR", "Alice", "Bernard", { email: "r1@t.fr" });
    colleague = await makeUser(db.prisma, agency.id, "ADVISOR", "Bruno", "Martin", { email: "r2@t.fr" });
    const guide = await makePortfolio(db.prisma, agency.id, advisor.id, "GUIDE");
    const followed = await makeSeeker(db.prisma, agency.id, { portfolio: guide });
    const queued = await makeSeeker(db.prisma, agency.id);
    followedId = followed.id;
    queuedId = queued.id;
    await makeDiagnostic(db.prisma, {
      agencyId: agency.id,
      seekerId: followed.id,
      authorId: advisor.id,
      answers: FIRST,
      createdAt: new Date("2026-03-01T09:00:00Z"),
    });
    latestId = (
      await makeDiagnostic(db.prisma, {
        agencyId: agency.id,
        seekerId: followed.id,
        authorId: advisor.id,
        answers: LATEST,
        createdAt: new Date("2026-05-01T09:00:00Z"),
      })
    ).id;
  });

  it("gives the advisor in charge the latest diagnostic's answers, and the view is to be journaled", async () => {
    const context = await triageContext(advisor, followedId);
    expect(context?.previous).toEqual({ diagnosticId: latestId, answers: LATEST });
    expect(previousAnswersView(advisor, context)).toMatchObject({
      action: "seeker.barriers_viewed",
      subjectType: "Diagnostic",
      subjectId: latestId,
      seekerId: followedId,
    });
    expect(context?.colleagues.map((c) => [c.name, c.modalities])).toEqual([
      ["Alice Bernard", ["GUIDE"]],
      ["Bruno Martin", []],
    ]);
  });

  it("starts a seeker of the queue from nothing, and gives a colleague's seeker to no one else", async () => {
    const queued = await triageContext(advisor, queuedId);
    expect(queued?.previous).toBeNull();
    expect(previousAnswersView(advisor, queued)).toBeNull();
    expect(await triageContext(colleague, followedId)).toBeNull();
  });

  it("gives the page the agency's offer (2014 or 2025 form) and the birth date the 2025 age is computed from", async () => {
    const queued = await triageContext(advisor, queuedId);
    expect(queued?.offer).toBe("OFFRE_2014");
    expect(queued?.seeker.birthDate).toBe("1990-05-01");
    await db.prisma.agency.update({ where: { id: queued!.agencyId }, data: { offer: "OFFRE_2025" } });
    try {
      expect((await triageContext(advisor, queuedId))?.offer).toBe("OFFRE_2025");
    } finally {
      await db.prisma.agency.update({ where: { id: queued!.agencyId }, data: { offer: "OFFRE_2014" } });
    }
  });
});
