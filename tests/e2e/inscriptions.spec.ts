/**
 * Registration imports (issue 17), end to end on the demo data: the manager of Rouen uploads a small CSV on
 * « Inscriptions », sees its preview (one new registrant, one refused row with its reason), confirms « Importer cette
 * ligne », and downloads the per-row report. The pages pass axe (WCAG 2.1 A/AA) and fit the screen, also on a
 * phone (@mobile: the 375 px project).
 */
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  expect(results.violations.map((v) => `${v.id} : ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3)}`)).toEqual([]);
  // Nothing wider than the screen (375 px on the mobile project).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `la page déborde de ${overflow} px`).toBeLessThanOrEqual(0);
}

function csv(): string {
  const today = new Date();
  const day = `${String(today.getDate()).padStart(2, "0")}/${String(today.getMonth() + 1).padStart(2, "0")}/${today.getFullYear()}`;
  const serial = String(Date.now() % 10_000_000).padStart(7, "0");
  return [
    "Identifiant;Civilité;Nom;Prénom;Date de naissance;Courriel;Téléphone portable;Adresse;Code postal;Commune;Date d'inscription;Catégorie",
    `${serial}K;MME;Importée;Léa;01/05/1990;lea.importee@example.fr;06 12 34 56 78;3 rue de Lecat;76100;Rouen;${day};A`,
    `12;M;Faux;Identifiant;02/06/1985;;;;76100;Rouen;${day};B`,
  ].join("\n");
}

test("la directrice importe un petit fichier : aperçu, confirmation, rapport @mobile", async ({ page }) => {
  await logIn(page, "directrice@modalis.demo");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Inscriptions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Importer des inscriptions" })).toBeVisible();
  await expectAccessible(page);

  await page
    .getByLabel("Fichier des inscriptions (CSV ou Excel)")
    .setInputFiles({ name: "inscriptions.csv", mimeType: "text/csv", buffer: Buffer.from(csv()) });
  await page.getByRole("button", { name: "Envoyer et voir l'aperçu" }).click();
  await expect(page).toHaveURL(/\/agence\/inscriptions\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Aperçu prêt : à confirmer")).toBeVisible({ timeout: 30_000 });
  const table = page.getByRole("region", { name: "Lignes du fichier" });
  await expect(table.getByRole("row").filter({ hasText: "Importée" })).toContainText("nouveau");
  await expect(table.getByRole("row").filter({ hasText: "Faux" })).toContainText("refusé");
  await expectAccessible(page);

  // A reload keeps the preview (it lives in the database).
  await page.reload();
  await page.getByRole("button", { name: "Importer cette ligne" }).click();
  await expect(page.getByText("Importé", { exact: true })).toBeVisible({ timeout: 30_000 });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Télécharger le rapport ligne à ligne (CSV)" }).click();
  const report = await download;
  const text = readFileSync(await report.path(), "utf8");
  expect(text).toContain("Ligne;Résultat;Motif ou changements");
  expect(text).toMatch(/;nouveau;/);
  expect(text).toMatch(/;refusé;/);
});
