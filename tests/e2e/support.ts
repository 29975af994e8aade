import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Modalis-demo-2026";

/** Signs in through the login form and waits to have left it (argon2 and a cold first render take their time). */
export async function logIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).not.toHaveURL(/\/connexion/, { timeout: 30_000 });
}

/** One answer of the diagnostic interview (2014 and 2025 forms: the same questions). */
export async function answer(page: Page, question: string, choice: string) {
  await page.getByRole("group", { name: question, exact: true }).getByLabel(choice, { exact: true }).check();
}

/** The lightest answer of each professional dimension (level 0). */
export const LIGHTEST_LEVELS: Record<string, string> = {
  "Projet professionnel": "Défini et réaliste",
  "Compétences au regard du marché local": "En adéquation",
  "Techniques de recherche d'emploi": "Maîtrisées",
  "Autonomie numérique": "Autonome",
  "Savoirs de base": "Maîtrisés",
};
export const BARRIER_QUESTIONS = ["Mobilité", "Famille", "Santé", "Logement", "Finances", "Administratif et juridique", "Isolement social"];

/** Answers every question of the form: the levels given (else the lightest), the months (or « never worked »), no barrier. */
export async function answerEveryQuestion(page: Page, levels: Record<string, string>, months: string | "jamais") {
  for (const [question, choice] of Object.entries({ ...LIGHTEST_LEVELS, ...levels })) await answer(page, question, choice);
  if (months === "jamais") await page.getByLabel("N'a jamais travaillé").check();
  else await page.getByLabel("Mois sans emploi").fill(months);
  for (const barrier of BARRIER_QUESTIONS) await answer(page, barrier, "Aucun impact");
}
