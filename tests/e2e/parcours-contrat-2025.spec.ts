import { expect as baseExpect, test } from "@playwright/test";
import { emailPart } from "../../src/server/seed/people";
import { answer, answerEveryQuestion, logIn } from "./support";

// Signing in (argon2id) and server actions can take several seconds on a busy two-core machine.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 420_000 });

/**
 * The contrat d'engagement (issue 20, docs/rules.md#contrat-dengagement) on the Saint-Denis (La Réunion) agency moved
 * to the 2025 offer, as tests/e2e/offre-2025.spec.ts does: an advisor orients a file of the queue to France Travail,
 * then writes a draft of the contract (a weekly duration other than 15 h refused without its reason), then a signed
 * revision; the history keeps both. The manager's list of contracts due opens from the dashboard.
 */
const REUNION_MANAGER = "directeur.reunion@modalis.demo";

function reunionAdvisorEmail(name: string): string {
  const [firstName, ...lastName] = name.trim().split(/\s+/);
  return `${emailPart(firstName!)}.${emailPart(lastName.join(" "))}.974-saint-denis@modalis.demo`;
}

test("contrat d'engagement : un brouillon, puis une version signée, l'historique et la liste de l'agence", async ({ page, browser }) => {
  await logIn(page, REUNION_MANAGER);
  await expect(page).toHaveURL(/\/agence$/);
  const advisorName = (await page.locator('a[href^="/agence/portefeuilles/"]').first().textContent())!.trim();
  await page.goto("/agence/parametres");
  const offer = page.getByRole("region", { name: "Offre de suivi" });
  if (!(await offer.textContent())?.includes("Offre appliquée aujourd'hui : offre 2025")) {
    await offer.getByLabel(/^Offre 2025/).check();
    await offer.getByRole("button", { name: "Enregistrer l'offre" }).click();
    await offer.getByRole("alert").getByLabel("Je confirme").check();
    await offer.getByRole("button", { name: "Passer à l'offre 2025" }).click();
    await expect(page.getByRole("region", { name: "Offre de suivi" })).toContainText("Offre appliquée aujourd'hui : offre 2025");
  }

  // An advisor orients a file of the queue (26 or more: France Travail follows the person).
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
  await answerEveryQuestion(advisor, {}, "3");
  await answer(advisor, "Bénéficiaire du RSA", "Non");
  await answer(advisor, "Reconnaissance de la qualité de travailleur handicapé (RQTH)", "Non");
  await advisor.getByRole("button", { name: "Confirmer l'orientation proposée" }).click();
  await expect(advisor).toHaveURL(/\/conseiller\/demandeurs\/[0-9a-f-]+$/);

  // The contract section: due a month after today's notification, nothing written yet.
  const contract = advisor.getByRole("region", { name: "Contrat d'engagement" });
  await expect(contract.getByTestId("contract-status")).toContainText(/à signer au plus tard le/i);
  await expect(contract).toContainText("Aucun contrat établi pour l'instant.");
  await contract.getByRole("button", { name: "Établir le contrat d'engagement" }).click();
  const form = contract.getByRole("form", { name: "Contrat d'engagement" });
  await form.getByLabel("Objectif 1").fill("Retrouver un emploi de magasinier");
  await form.getByRole("button", { name: "Ajouter une action" }).click();
  await form.getByLabel("Action 1").fill("Mettre à jour le CV");
  await form.getByLabel("Statut").selectOption("EN_COURS");
  await form.getByLabel("Activité par semaine (heures)").fill("12,5");
  await form.getByRole("button", { name: "Enregistrer" }).click();
  await expect(form).toContainText("une durée autre que 15 heures demande une justification écrite");
  await form.getByLabel("Justification de la durée (situation de la personne)").fill("Garde de ses enfants le mercredi.");
  await form.getByLabel("Engagements de la personne").fill("Participer aux ateliers proposés.");
  await form.getByLabel("Engagements de France Travail").fill("Un entretien par mois.");
  await form.getByRole("button", { name: "Enregistrer" }).click();
  await expect(contract).toContainText("Version en cours (version 1)");
  await expect(contract).toContainText("non signée (brouillon)");
  await expect(contract).toContainText("Mettre à jour le CV");
  await expect(contract).toContainText("En cours");
  await expect(contract).toContainText("12 h 30 (Garde de ses enfants le mercredi.)");

  // A signed revision, today: the obligation is met; the draft stays in the history.
  await contract.getByRole("button", { name: "Nouvelle version du contrat" }).click();
  await form.getByLabel("Contrat signé").check();
  await form.getByRole("button", { name: "Enregistrer" }).click();
  await expect(contract).toContainText("Version en cours (version 2)");
  await expect(contract.getByTestId("contract-status")).toContainText("Signé le");
  await contract.getByText("Historique des versions (2)").click();
  await expect(contract).toContainText("Version 1");
  await advisorContext.close();

  // The manager's list of contracts due within 7 days or overdue, from the dashboard.
  await page.goto("/agence");
  await page.getByRole("link", { name: "Contrats d'engagement à signer" }).click();
  await expect(page).toHaveURL(/\/agence\/contrats/);
  await expect(page.getByRole("heading", { name: "Contrats d'engagement dus sous 7 jours ou en retard" })).toBeVisible();
});
