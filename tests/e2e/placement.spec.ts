import { expect as baseExpect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

// Signing in (argon2id) and server actions can take several seconds on a busy two-core machine.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000 });

const RENFORCE_LEVELS: Record<string, string> = {
  "Projet professionnel": "À construire, ou irréaliste",
  "Compétences au regard du marché local": "À acquérir (formation)",
  "Techniques de recherche d'emploi": "Non maîtrisées",
  "Autonomie numérique": "Usage de base, a besoin d'aide",
  "Savoirs de base": "Maîtrisés",
};
const BARRIER_QUESTIONS = ["Mobilité", "Famille", "Santé", "Logement", "Finances", "Administratif et juridique", "Isolement social"];

/** Sets the agency's renforcé cap (confirming when it falls below the current load) and returns the previous one. */
async function setRenforceCap(page: Page, cap: number): Promise<number> {
  await page.goto("/agence/parametres");
  const caps = page.getByRole("region", { name: "Plafonds des portefeuilles" });
  const input = caps.getByRole("group", { name: "Accompagnement renforcé" }).getByLabel("Plafond par portefeuille (renforcé)");
  const previous = Number(await input.inputValue());
  await input.fill(String(cap));
  await caps.getByRole("button", { name: "Enregistrer les plafonds" }).click();
  const confirmation = caps.getByLabel("Je confirme");
  const saved = caps.getByRole("status").filter({ hasText: "Plafonds enregistrés" });
  await expect(confirmation.or(saved)).toBeVisible();
  if (await confirmation.isVisible()) {
    await confirmation.check();
    await caps.getByRole("button", { name: "Appliquer les plafonds" }).click();
  }
  await expect(saved).toContainText(`renforcé ${cap}`);
  return previous;
}

test("tous les portefeuilles renforcés sont complets : la conseillère envoie le dossier à la direction, qui place le demandeur au-delà du plafond", async ({
  browser,
}) => {
  const manager = await (await browser.newContext()).newPage();
  const advisor = await (await browser.newContext()).newPage();
  await logIn(manager, "directrice@modalis.demo");
  const originalCap = await setRenforceCap(manager, 1);
  try {
    await logIn(advisor, "conseillere@modalis.demo");
    await advisor.goto("/conseiller?vue=file");
    await advisor.getByRole("link", { name: "Diagnostiquer", exact: true }).first().click();
    await expect(advisor.getByRole("heading", { name: "Entretien de diagnostic" })).toBeVisible();
    for (const [question, choice] of Object.entries(RENFORCE_LEVELS)) {
      await advisor.getByRole("group", { name: question, exact: true }).getByLabel(choice, { exact: true }).check();
    }
    await advisor.getByLabel("Mois sans emploi").fill("14");
    for (const barrier of BARRIER_QUESTIONS)
      await advisor.getByRole("group", { name: barrier, exact: true }).getByLabel("Aucun impact", { exact: true }).check();
    await expect(advisor.getByRole("region", { name: "Proposition" }).getByText("Accompagnement renforcé", { exact: true })).toBeVisible();

    // A portfolio that exists (one created at the confirmation would be empty, hence not full): the advisor's own
    // renforcé portfolio, or a colleague's.
    const portfolio = advisor.getByRole("combobox", { name: "Portefeuille" });
    const creates = advisor.getByText(/pas encore de portefeuille « accompagnement renforcé »/);
    for (const option of await portfolio.locator("option").allTextContents()) {
      await portfolio.selectOption({ label: option });
      if (!(await creates.isVisible())) break;
    }
    await expect(creates).toBeHidden();

    await advisor.getByRole("button", { name: "Confirmer la proposition" }).click();
    const refusal = advisor.getByRole("alert").filter({ hasText: "est complet" });
    await expect(refusal).toContainText("Aucun autre conseiller de l'agence n'a de place dans cette modalité");
    await refusal.getByLabel("Message à la direction (facultatif)").fill("Personne à recevoir vite : elle attend depuis longtemps.");
    await refusal.getByRole("button", { name: "Envoyer le dossier à la direction" }).click();
    await expect(advisor.getByRole("status")).toContainText("est envoyé à la direction de l'agence");

    // The manager finds the file on the queue page and places the seeker beyond the cap with a written reason.
    await manager.goto("/agence/attente");
    const requests = manager.getByRole("region", { name: /Dossiers envoyés par les conseillers/ });
    const request = requests.getByRole("listitem").filter({ hasText: "Personne à recevoir vite" });
    await expect(request).toContainText("Modalité décidée : Accompagnement renforcé");
    const place = request.getByRole("button", { name: /au-delà du plafond$/ });
    await expect(place).toBeDisabled();
    await request.getByLabel(/Justification écrite/).fill("Dossier prioritaire : la conseillère la connaît déjà, un départ libère une place lundi.");
    await place.click();
    await expect(manager.getByRole("status")).toContainText("est placé·e en accompagnement renforcé");
    await expect(requests.getByRole("listitem").filter({ hasText: "Personne à recevoir vite" })).toHaveCount(0);

    // The journal keeps the decision.
    await manager.goto("/agence/journal");
    await expect(manager.getByText("Demandeur placé au-delà du plafond par la direction").first()).toBeVisible();
  } finally {
    await setRenforceCap(manager, originalCap);
  }
});
