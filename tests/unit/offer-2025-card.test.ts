/**
 * The « Offre 2025 » block of the manager's dashboard (src/app/agence/Offer2025Card.tsx), rendered from the query's
 * data: French labels, never a raw code, the links to the transition list and the export.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Offer2025Card } from "@/app/agence/Offer2025Card";
import type { Offer2025Dashboard } from "@/server/queries/offer-2025-dashboard";

const AGENCY = "00000000-0000-4000-8000-000000000001";

const dashboard: Offer2025Dashboard = {
  agency: { id: AGENCY, name: "Agence de Gap", today: "2026-12-01" },
  distribution: {
    total: 7,
    cells: [
      { parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", intensity: "AGILE", count: 4, tandem: 0 },
      { parcours: "SOCIO_PROFESSIONNEL", referent: "FRANCE_TRAVAIL", intensity: "INTENSIF", count: 2, tandem: 1 },
      { parcours: "SOCIAL", referent: "CONSEIL_DEPARTEMENTAL", intensity: null, count: 1, tandem: 0 },
    ],
  },
  departement: { pending: 2, overdue: 1 },
  contracts: { monthOver: 4, signedInTime: 3, signedInTimeRate: 0.75, overdue: 1, dueSoon: 2 },
  jointDiagnostics: { overdue: 1, dueSoon: 2 },
  intensive: {
    franceTravail: 6,
    intensive: 2,
    prevalence: 1 / 3,
    current: { count: 2, medianDays: 31, meanDays: 45.5 },
    completed: { count: 0, medianDays: null, meanDays: null },
  },
  transition: { deadline: "2027-01-01", daysLeft: 31, followedBefore: 10, signed: 4, progress: 0.4 },
};

const render = (d: Offer2025Dashboard) => renderToStaticMarkup(createElement(Offer2025Card, { dashboard: d, agencyId: AGENCY }));
const text = (d: Offer2025Dashboard) =>
  render(d)
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ")
    .trim();

describe("Offer2025Card", () => {
  it("shows the distribution with French labels and the figures in words", () => {
    const shown = text(dashboard);
    for (const expected of [
      "Parcours emploi France Travail Accompagnement agile 4 0",
      "Parcours socio-professionnel France Travail Accompagnement intensif 2 1",
      "Parcours social Conseil départemental — 1 0",
      "Total des demandeurs orientés 7",
      "Contrats signés dans le mois 75 %",
      "3 sur 4 orientations notifiées",
      "Contrats en retard 1",
      "2 autres à faire signer sous 7 jours",
      "Propositions au département au-delà de 6 semaines 1",
      "2 propositions attendent la décision du département",
      "Diagnostics conjoints à prévoir 3 1 en retard, 2 dans les 30 jours",
      "Accompagnement intensif 33,3 %",
      "2 sur 6 demandeurs suivis par France Travail",
      "Durée en accompagnement intensif 31 jours",
      "moyenne 45,5 jours",
      "0 épisode terminé : médiane —, moyenne —",
      "4 sur 10 ont signé leur contrat d'engagement (40 %)",
      "31 jours avant le 1er janvier 2027",
    ]) {
      expect(shown).toContain(expected);
    }
    for (const code of ["EMPLOI", "FRANCE_TRAVAIL", "INTENSIF", "AGILE", "CONSEIL_DEPARTEMENTAL", "null", "NaN", "undefined"]) {
      expect(shown, code).not.toContain(code);
    }
  });

  it("links to the transition list and the CSV of the agency", () => {
    const html = render(dashboard);
    expect(html).toContain(`href="/agence/transition?agence=${AGENCY}"`);
    expect(html).toContain(`href="/agence/export/orientations-2025?agence=${AGENCY}"`);
  });

  it("says so when nobody is oriented yet and when the deadline has passed", () => {
    const shown = text({
      ...dashboard,
      distribution: { total: 0, cells: [] },
      contracts: { monthOver: 0, signedInTime: 0, signedInTimeRate: null, overdue: 0, dueSoon: 0 },
      transition: { ...dashboard.transition, daysLeft: -3 },
    });
    expect(shown).toContain("Aucun demandeur orienté selon les règles de 2025 pour l'instant.");
    expect(shown).toContain("Contrats signés dans le mois —");
    expect(shown).toContain("échéance dépassée depuis le 1er janvier 2027");
  });
});
