import { expect as baseExpect, test } from "@playwright/test";
import { emailPart } from "../../src/server/seed/people";
import { answer, answerEveryQuestion, logIn } from "./support";

// Signing in (argon2id) and server actions can take several seconds on a busy two-core machine.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 360_000 });

/**
 * The switch to the 2025 offer is made on the Saint-Denis (La Réunion) agency: it cannot be undone once someone is
 * oriented, and the other scenarios diagnose under the 2014 rules in Rouen. Its advisors are generated: their login is
 * « prénom.nom.974-saint-denis@modalis.demo » (src/server/seed/staff.ts), read from a name on the manager's dashboard.
 */
const REUNION_MANAGER = "directeur.reunion@modalis.demo";

/** The login of an advisor of the Réunion agency named « Prénom Nom » (first names are one word in the seed). */
function reunionAdvisorEmail(name: string): string {
  const [firstName, ...lastName] = name.trim().split(/\s+/);
  return `${emailPart(firstName!)}.${emailPart(lastName.join(" "))}.974-saint-denis@modalis.demo`;
}

test("une agence passe à l'offre 2025 : décompte et liste de transition, une orientation 2025, puis le retour à 2014 refusé", async ({ page, browser }) => {
  // The manager: an advisor's name on the dashboard, then the offer switch with its confirmation.
  await logIn(page, REUNION_MANAGER);
  await expect(page).toHaveURL(/\/agence$/);
  const advisorName = (await page.locator('a[href^="/agence/portefeuilles/"]').first().textContent())!.trim();
  await page.goto("/agence/parametres");
  const offer = page.getByRole("region", { name: "Offre de suivi" });
  await expect(offer).toContainText("Offre appliquée aujourd'hui : offre 2014");
  await offer.getByLabel(/^Offre 2025/).check();
  await offer.getByRole("button", { name: "Enregistrer l'offre" }).click();
  const confirmation = offer.getByRole("alert");
  await expect(confirmation).toContainText("Passer à l'offre 2025 (loi « pour le plein emploi »)");
  await expect(confirmation).toContainText("gardent leur modalité 2014 et leur portefeuille jusqu'à ce qu'ils soient réorientés");
  await expect(confirmation).toContainText("au plus tard le 1er janvier 2028");
  const apply = offer.getByRole("button", { name: "Passer à l'offre 2025" });
  await expect(apply).toBeDisabled();
  await confirmation.getByLabel("Je confirme").check();
  await apply.click();
  // The form is keyed by the offer (src/app/agence/parametres/page.tsx): it starts afresh on the new one.
  await expect(page.getByRole("region", { name: "Offre de suivi" })).toContainText("Offre appliquée aujourd'hui : offre 2025");

  // The countdown (overseas: 1 January 2028) and the list of followed seekers still on their 2014 modality.
  await page.reload();
  const reloaded = page.getByRole("region", { name: "Offre de suivi" });
  await expect(reloaded).toContainText(/Contrats d'engagement à faire signer par les demandeurs déjà suivis : \d+ jours avant le 1er janvier 2028/);
  await reloaded.getByRole("link", { name: /demandeurs? suivis? sans contrat d'engagement signé/ }).click();
  await expect(page).toHaveURL(/\/agence\/transition/);
  await expect(page.getByText("En attendant, ils gardent leur modalité 2014 et leur portefeuille.", { exact: false })).toBeVisible();
  const firstRow = page.getByRole("table").getByRole("row").nth(1);
  await expect(firstRow.getByRole("cell").filter({ hasText: /^(Suivi|Guidé|Renforcé|Global)$/ })).toHaveCount(1);

  // An advisor of that agency: a file of the queue aged 26 or more (younger people go to the Mission locale).
  const advisorContext = await browser.newContext();
  const advisor = await advisorContext.newPage();
  await logIn(advisor, reunionAdvisorEmail(advisorName));
  await advisor.goto("/conseiller?vue=file");
  await advisor.getByRole("link", { name: "Diagnostiquer", exact: true }).first().click();
  await expect(advisor.getByRole("heading", { name: "Entretien de diagnostic" })).toBeVisible();
  for (let tries = 0; tries < 15; tries += 1) {
    const age = Number((await advisor.getByText(/^Âge : \d+ ans/).textContent())?.match(/(\d+) ans/)?.[1]);
    if (age >= 26 && age <= 70) break;
    const url = advisor.url();
    await advisor.getByRole("link", { name: "Suivant →" }).click();
    await expect(advisor).not.toHaveURL(url);
  }
  const situation = advisor.getByRole("group", { name: "Situation de la personne" });
  await expect(situation).toContainText("calculé d'après la date de naissance");
  await expect(situation).toContainText("Donnée sensible : elle sert uniquement à choisir l'organisme qui suivra la personne");
  const proposal = advisor.getByRole("region", { name: "Proposition d'orientation" });
  await expect(proposal).toContainText("Reste à renseigner : Projet professionnel,");

  await answerEveryQuestion(advisor, {}, "3");
  await expect(proposal).toContainText("Reste à renseigner : Bénéficiaire du RSA, Reconnaissance de la qualité de travailleur handicapé (RQTH).");
  await answer(advisor, "Bénéficiaire du RSA", "Non");
  await answer(advisor, "Reconnaissance de la qualité de travailleur handicapé (RQTH)", "Non");
  await expect(proposal).toContainText("Parcours emploi");
  await expect(proposal).toContainText("Organisme référent proposé : France Travail");
  await expect(proposal).toContainText("France Travail décide de l'orientation quand le conseiller la confirme.");

  // Another parcours needs a justification: refused in French next to the field, nothing written; back to the proposal.
  await advisor.getByLabel("Parcours", { exact: true }).selectOption("SOCIO_PROFESSIONNEL");
  await advisor.getByRole("button", { name: "Valider l'orientation choisie" }).click();
  await expect(advisor.getByRole("form", { name: "Orientation 2025" }).getByRole("alert")).toContainText(
    "une justification écrite de 10 caractères au moins est obligatoire",
  );
  await expect(advisor.locator("#erreurs-justification")).toContainText("Justification");
  await expect(advisor).toHaveURL(/\/conseiller\/diagnostic\//);
  await advisor.getByLabel("Parcours", { exact: true }).selectOption("EMPLOI");
  await expect(advisor.getByLabel("Justification de la modification (obligatoire)")).toHaveCount(0);
  await advisor.getByRole("button", { name: "Confirmer l'orientation proposée" }).click();

  // The seeker's file: the confirmation and the orientation (parcours, referent, contract due date).
  await expect(advisor).toHaveURL(/\/conseiller\/demandeurs\/[0-9a-f-]+$/);
  await expect(advisor.getByText(/orientation confirmée — parcours emploi, France Travail/)).toBeVisible();
  const section = advisor.getByRole("region", { name: "Orientation (offre 2025)" });
  await expect(section).toContainText("Parcours emploi");
  await expect(section).toContainText("Organisme qui suit la personne : France Travail");
  await expect(section).toContainText("Contrat d'engagement à signer au plus tard le");
  const fileUrl = advisor.url();

  // France Travail follows the person: placed in the advisor's 2025 portfolio (intensive or agile), shown on the caseload.
  await advisor.goto("/conseiller");
  const filters = advisor.getByRole("navigation", { name: "Filtres" });
  await expect(filters.getByRole("link", { name: /^(Intensif|Agile) \(1\)$/ })).toBeVisible();

  // A breach (manquement): reported with the facts, its notice recorded, the 10-day answer deadline shown; Modalis
  // proposes no sanction. The manager alone enters the decision received.
  await advisor.goto(fileUrl);
  const breaches = advisor.getByRole("region", { name: "Manquements (offre 2025)" });
  await breaches.getByRole("button", { name: "Signaler un manquement" }).click();
  await breaches.getByLabel("Obligation concernée").selectOption({ label: "Absence à un rendez-vous" });
  await breaches.getByLabel("Faits constatés").fill("Absent au rendez-vous sans prévenir.");
  await breaches.getByRole("button", { name: "Enregistrer" }).click();
  await expect(breaches).toContainText("Absence à un rendez-vous");
  await breaches.getByRole("button", { name: "Enregistrer la notification" }).click();
  await breaches.getByRole("button", { name: "Enregistrer" }).click();
  await expect(breaches).toContainText(/Délai de réponse : jusqu'au .+ inclus — encore 10 jours\./);
  await expect(breaches.getByRole("button", { name: "Saisir la décision reçue" })).toHaveCount(0);
  await expect(breaches).not.toContainText(/sanction proposée/i);
  await advisorContext.close();

  // Back to 2014 is now refused.
  await page.goto("/agence/parametres");
  const again = page.getByRole("region", { name: "Offre de suivi" });
  await expect(again).toContainText("le retour à l'offre 2014 n'est plus possible");
  await again.getByLabel(/^Offre 2014/).check();
  await again.getByRole("button", { name: "Enregistrer l'offre" }).click();
  await expect(again.getByRole("alert")).toContainText("Impossible de revenir à l'offre 2014");
  await expect(again).toContainText("Offre appliquée aujourd'hui : offre 2025");
});

test("une agence restée sur l'offre 2014 garde le formulaire de diagnostic 2014", async ({ page }) => {
  await logIn(page, "conseillere@modalis.demo");
  await page.goto("/conseiller?vue=file");
  await page.getByRole("link", { name: "Diagnostiquer", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Entretien de diagnostic" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Proposition", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Confirmer la proposition" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Bénéficiaire du RSA" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Proposition d'orientation" })).toHaveCount(0);
});
