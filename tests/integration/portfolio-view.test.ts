/**
 * The manager's page of one portfolio lists its seekers, and the colleagues they may move to, in French alphabetical
 * order whatever the database's collation: « GUÉRIN » before « GUILLOT », « Écharde » with the E (issue 15: the list
 * sorted GUÉRIN after GUILLOT while the caseload sorted right).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/auth/policy";
import { portfolioView } from "@/server/queries/portfolio";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makePortfolio, makeSeeker, makeUser } from "../support/factories";

describe("a portfolio's page", () => {
  let db: TestDatabase;
  let manager: Actor;
  let portfolioId: string;

  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    const agency = await makeAgency(db.prisma);
    manager = await makeUser(db.prisma, agency.id, "MANAGER", "Hélène", "Lemarchand");
    const advisor = await makeUser(db.prisma, agency.id, "ADVISOR", "Camille", "Durand");
    const portfolio = await makePortfolio(db.prisma, agency.id, advisor.id, "GUIDE");
    portfolioId = portfolio.id;
    for (const lastName of ["GUILLOT", "Guerra", "ÉCHARDE", "GUÉRIN", "Dupont", "Œillet", "Zola"]) {
      await makeSeeker(db.prisma, agency.id, { lastName, firstName: "Alex", portfolio });
    }
    for (const [firstName, lastName] of [
      ["Paul", "Guillot"],
      ["Aminata", "Guérin"],
      ["Émile", "Éloi"],
    ] as const) {
      const colleague = await makeUser(db.prisma, agency.id, "ADVISOR", firstName, lastName);
      await makePortfolio(db.prisma, agency.id, colleague.id, "GUIDE");
    }
  });

  it("lists the seekers in French alphabetical order, accents and ligatures folded", async () => {
    const view = await portfolioView(manager, portfolioId, 1);
    expect(view?.seekers.map((s) => s.lastName)).toEqual(["Dupont", "ÉCHARDE", "GUÉRIN", "Guerra", "GUILLOT", "Œillet", "Zola"]);
  });

  it("offers the colleagues' portfolios in the same order", async () => {
    const view = await portfolioView(manager, portfolioId, 1);
    expect(view?.targets.map((t) => t.advisorName)).toEqual(["Émile Éloi", "Aminata Guérin", "Paul Guillot"]);
  });
});
