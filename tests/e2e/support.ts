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
