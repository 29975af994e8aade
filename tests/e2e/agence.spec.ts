import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

async function logInAsManager(page: Page) {
  await logIn(page, "directrice@modalis.demo");
  await expect(page).toHaveURL(/\/agence$/);
}

/** The renforcé rows of the loads table, as « advisor → load / cap ». */
async function renforceLoads(page: Page): Promise<string[]> {
  const rows = page.getByRole("region", { name: "Charges par conseiller et modalité" }).getByRole("row").filter({ hasText: "Renforcé" });
  await expect(rows.first()).toBeVisible();
  return (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, " ").trim());
}

test("la directrice déplace des demandeurs, équilibre les portefeuilles renforcés et voit les charges changer", async ({ page }) => {
  await logInAsManager(page);
  await expect(page.getByRole("heading", { level: 1, name: /Agence Rouen/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Répartition : Suivi/ })).toBeVisible();
  const initial = await renforceLoads(page);
  expect(initial.length).toBeGreaterThanOrEqual(2);

  // Unbalance on purpose: move three seekers of the first renforcé portfolio to a colleague.
  const charges = page.getByRole("region", { name: "Charges par conseiller et modalité" });
  await charges.getByRole("row").filter({ hasText: "Renforcé" }).first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: /Portefeuille renforcé d(e |')/ })).toBeVisible();
  const boxes = page.getByRole("group", { name: "Demandeurs à déplacer" }).getByRole("table").getByRole("checkbox");
  for (let i = 0; i < 3; i += 1) await boxes.nth(i).check();
  await page.getByRole("button", { name: "Déplacer 3 demandeurs" }).click();
  await expect(page.getByRole("status")).toContainText("3 demandeurs déplacés vers le portefeuille de");
  expect(page.url()).not.toContain("fait=");

  await page.getByRole("link", { name: /Retour à l'agence/ }).click();
  const unbalanced = await renforceLoads(page);
  expect(unbalanced).not.toEqual(initial);

  await page.getByRole("link", { name: "Équilibrer les portefeuilles renforcé" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Équilibrer les portefeuilles renforcé" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Déplacements proposés \([1-9]/ })).toBeVisible();
  await page.getByRole("button", { name: /Confirmer les \d+ déplacements?/ }).click();
  await expect(page.getByRole("status")).toContainText("Équilibrage appliqué");
  expect(page.url()).not.toContain("fait=");
  // The result stays on the page (each re-planned appointment with its old and new date), then back to the agency.
  await page.getByRole("link", { name: "Retour au tableau de bord de l'agence" }).click();
  const balanced = await renforceLoads(page);
  expect(balanced).not.toEqual(unbalanced);

  // Balanced now: a new preview proposes nothing.
  await page.getByRole("link", { name: "Équilibrer les portefeuilles renforcé" }).click();
  await expect(page.getByText("Les portefeuilles de cette modalité sont déjà équilibrés")).toBeVisible();
});

test("l'administrateur voit le cumul de toutes les agences et ouvre le tableau de bord de l'une d'elles", async ({ page }) => {
  await logIn(page, "admin@modalis.demo");
  await expect(page).toHaveURL(/\/admin$/);
  const total = page.getByRole("row", { name: /Toutes les agences/ });
  await expect(total).toBeVisible();
  await page.getByRole("link", { name: /Saint-Denis/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Agence .*Saint-Denis/ })).toBeVisible();
});
