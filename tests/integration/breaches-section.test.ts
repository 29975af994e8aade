/**
 * The « Manquements » section of the seeker's file (docs/rules.md#breaches-2025), rendered from the database: the
 * state, the answer deadline and whether it has passed, the history of steps, and the next step's button only for who
 * may record it (the advisor in charge: report, notice, answer, lifting; the manager: the decision, the lifting);
 * nothing for an agency on the 2014 offer without breaches, nor for whoever may not read them.
 */
import { vi, describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { answerBreach, decideBreach, notifyBreach, reportBreach } from "@/server/use-cases/breaches";
import { BreachesSection } from "@/components/seeker-file/BreachesSection";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makePortfolio, makeSeeker, makeUser } from "../support/factories";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined, push: () => undefined, replace: () => undefined }) }));

const at = (day: string) => new Date(`${day}T09:00:00.000Z`);

async function world(db: PrismaClient, offer: "OFFRE_2014" | "OFFRE_2025" = "OFFRE_2025") {
  const agency = await makeAgency(db, { name: "Gap", departement: "05", address: "1 rue de la Paix", offer });
  const advisor = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const colleague = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  const manager = await makeUser(db, agency.id, "MANAGER", "Hélène", "Lemarchand");
  const own = await makePortfolio(db, agency.id, advisor.id, "GUIDE");
  const seeker = await makeSeeker(db, agency.id, { portfolio: own, assignment: {} });
  return { agency, advisor, colleague, manager, seeker };
}

async function text(actor: Actor, seekerId: string, now: Date) {
  const element = await BreachesSection({ actor, seekerId, now });
  return element === null
    ? ""
    : renderToStaticMarkup(element)
        .replace(/<[^>]+>/g, " ")
        .replace(/&#x27;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/\s+/g, " ")
        .trim();
}

describe("BreachesSection", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));
  const on = (day: string) => ({ now: at(day), db: db.prisma });

  it("nothing for a 2014 agency without breaches, nor for a colleague; the advisor in charge may report", async () => {
    const w2014 = await world(db.prisma, "OFFRE_2014");
    expect(await text(w2014.advisor, w2014.seeker.id, at("2026-03-02"))).toBe("");
    const w = await world(db.prisma);
    expect(await text(w.colleague, w.seeker.id, at("2026-03-02"))).toBe("");
    const advisorView = await text(w.advisor, w.seeker.id, at("2026-03-02"));
    expect(advisorView).toContain("Manquements (offre 2025)");
    expect(advisorView).toContain("Aucun manquement signalé.");
    expect(advisorView).toContain("Signaler un manquement");
    expect(advisorView).toContain("Modalis enregistre les étapes ; il ne propose ni n'applique aucune sanction.");
    expect(await text(w.manager, w.seeker.id, at("2026-03-02"))).not.toContain("Signaler un manquement");
  });

  it("the deadline, then its passing; the decision's button for the manager only; the history of steps", async () => {
    const w = await world(db.prisma);
    const { breachId } = await reportBreach(
      w.advisor,
      { seekerId: w.seeker.id, obligation: "ACTIVITY_HOURS_NOT_MET", facts: "Moins de 5 heures d'activité par semaine.", occurredOn: "2026-03-02" },
      on("2026-03-02"),
    );
    let view = await text(w.advisor, w.seeker.id, at("2026-03-02"));
    expect(view).toContain("Durée d'activité hebdomadaire non respectée — le 2 mars 2026");
    expect(view).toContain("Signalé, pas encore notifié");
    expect(view).toContain("Enregistrer la notification");
    expect(await text(w.manager, w.seeker.id, at("2026-03-02"))).not.toContain("Enregistrer la notification");

    await notifyBreach(w.advisor, { breachId, notifiedOn: "2026-03-03" }, on("2026-03-03"));
    view = await text(w.advisor, w.seeker.id, at("2026-03-10"));
    expect(view).toContain("Délai de réponse : jusqu'au 13 mars 2026 inclus — encore 3 jours.");
    expect(view).toContain("Enregistrer la réponse de la personne");
    expect(view).not.toContain("Saisir la décision reçue");
    expect(await text(w.manager, w.seeker.id, at("2026-03-10"))).not.toContain("Saisir la décision reçue");

    view = await text(w.manager, w.seeker.id, at("2026-03-14"));
    expect(view).toContain("Délai de réponse passé, en attente de la décision");
    expect(view).toContain("jusqu'au 13 mars 2026 inclus — délai passé.");
    expect(view).toContain("Saisir la décision reçue");
    expect(await text(w.advisor, w.seeker.id, at("2026-03-14"))).not.toContain("Saisir la décision reçue");

    await answerBreach(w.advisor, { breachId, answeredOn: "2026-03-14", answerKind: "WRITTEN", summary: "Garde d'enfant." }, on("2026-03-14"));
    await decideBreach(
      w.manager,
      { breachId, decidedOn: "2026-03-20", decisionKind: "SANCTION", authority: "DEPARTEMENT", decisionText: "Suspension partielle du RSA" },
      on("2026-03-20"),
    );
    view = await text(w.advisor, w.seeker.id, at("2026-03-21"));
    expect(view).toContain("Réponse reçue après le délai.");
    expect(view).toContain("14 mars 2026 · Réponse de la personne : Réponse écrite — « Garde d'enfant. » (Alice Bernard)");
    expect(view).toContain("20 mars 2026 · Décision : Sanction décidée — Le département (RSA) — « Suspension partielle du RSA » (Hélène Lemarchand)");
    expect(view).toContain("Enregistrer la remobilisation");
    expect(await text(w.manager, w.seeker.id, at("2026-03-21"))).toContain("Enregistrer la remobilisation");
  });
});
