/**
 * The seeker file's 2025 orientation section (docs/rules.md#orientation-2025), rendered from the read query's data:
 * plain French, the département's pending proposal with its deadline, the decision with « orienté vers … » and the
 * contract's due date, nothing for an agency on the 2014 offer.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OrientationSection } from "@/components/seeker-file/OrientationSection";
import type { SeekerOrientation } from "@/server/queries/orientation-2025";

const choice = {
  parcours: "EMPLOI",
  parcoursLabel: "Parcours emploi",
  referent: "MISSION_LOCALE",
  referentLabel: "Mission locale",
  intensity: null,
  intensityLabel: null,
  tandem: false,
} as const;

const base = { orientationId: "00000000-0000-4000-8000-000000000001", orientedOn: "2026-03-02", rulesetVersion: "2025.1", proposed: choice, advised: choice };

const text = (orientation: SeekerOrientation | null) =>
  renderToStaticMarkup(createElement(OrientationSection, { orientation }))
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ")
    .trim();

describe("OrientationSection", () => {
  it("shows nothing for an agency on the 2014 offer without a 2025 orientation, or out of scope", () => {
    expect(text({ offer: "OFFRE_2014", latest: null })).toBe("");
    expect(text(null)).toBe("");
    expect(text({ offer: "OFFRE_2025", latest: null })).toContain("Pas encore d'orientation selon les règles de 2025.");
  });

  it("says the proposal went to the département, with its 6-week deadline and when it is past", () => {
    const pending = (overdue: boolean): SeekerOrientation => ({
      offer: "OFFRE_2025",
      latest: { ...base, override: false, state: { kind: "PENDING_DEPARTEMENT", label: "Proposition transmise au département", dueOn: "2026-04-13", overdue } },
    });
    expect(text(pending(false))).toContain("Proposition transmise au département le 2 mars 2026 : parcours emploi, suivi par Mission locale.");
    expect(text(pending(false))).toContain("Décision attendue au plus tard le 13 avril 2026");
    expect(text(pending(false))).not.toContain("dépassé");
    expect(text(pending(true))).toContain("Le délai de 6 semaines est dépassé");
  });

  it("shows the decision, « orienté vers … », the hand-over and the contract's due date, never a raw code", () => {
    const shown = text({
      offer: "OFFRE_2025",
      latest: {
        ...base,
        override: true,
        proposed: { ...choice, referent: "FRANCE_TRAVAIL", referentLabel: "France Travail", intensity: "AGILE", intensityLabel: "Accompagnement agile" },
        state: {
          kind: "DECIDED",
          label: "Orienté vers Mission locale (parcours emploi), décision de France Travail",
          decidedBy: "FRANCE_TRAVAIL",
          decidedOn: "2026-03-02",
          decision: choice,
          orientedTo: "Mission locale",
          handedOver: true,
          contractDueOn: "2026-04-02",
        },
      },
    });
    expect(shown).toContain("Orienté vers Mission locale (parcours emploi), décision de France Travail , le 2 mars 2026.");
    expect(shown).toContain("Le dossier est confié à Mission locale : il ne fait plus partie des portefeuilles de France Travail.");
    expect(shown).toContain("Contrat d'engagement à signer au plus tard le 2 avril 2026 .");
    expect(shown).toContain("a choisi autrement que la proposition (parcours emploi, France Travail)");
    expect(shown).not.toMatch(/EMPLOI|MISSION_LOCALE|FRANCE_TRAVAIL|AGILE|PENDING|DECIDED/);
  });
});
