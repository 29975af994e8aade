import { expect as baseExpect, test } from "@playwright/test";
import { logIn } from "./support";

// Signing in (argon2id) and server actions can take several seconds on a busy two-core machine.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000 });

/**
 * The « Offre 2025 » figures (docs/rules.md#dashboard-2025): absent from the dashboard of an agency on the 2014 offer
 * (Rouen), present on the Saint-Denis (La Réunion) agency once it runs the 2025 offer (offre-2025.spec.ts switches it
 * too: whichever runs first switches), and the administrator's comparison of the two offers.
 */
const REUNION_MANAGER = "directeur.reunion@modalis.demo";

test("le tableau de bord d'une agence sur l'offre 2014 reste inchangé, sans bloc « Offre 2025 »", async ({ page }) => {
  await logIn(page, "directrice@modalis.demo");
  await expect(page).toHaveURL(/\/agence$/);
  await expect(page.getByRole("region", { name: "Répartition par modalité" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Bilans M4 et M9" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Offre 2025", exact: true })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Passage à l'offre 2025" })).toHaveCount(0);
  await expect(page.getByText("Exporter les orientations 2025")).toHaveCount(0);
});

test("une agence sur l'offre 2025 voit ses indicateurs, son export, et l'administrateur compare les offres", async ({ page, browser }) => {
  await logIn(page, REUNION_MANAGER);
  await page.goto("/agence/parametres");
  const offer = page.getByRole("region", { name: "Offre de suivi" });
  await expect(offer).toContainText("Offre appliquée aujourd'hui");
  if ((await offer.textContent())?.includes("Offre appliquée aujourd'hui : offre 2014")) {
    await offer.getByLabel(/^Offre 2025/).check();
    await offer.getByRole("button", { name: "Enregistrer l'offre" }).click();
    await offer.getByRole("alert").getByLabel("Je confirme").check();
    await offer.getByRole("button", { name: "Passer à l'offre 2025" }).click();
    await expect(page.getByRole("region", { name: "Offre de suivi" })).toContainText("Offre appliquée aujourd'hui : offre 2025");
  }
  await page.goto("/agence");
  const block = page.getByRole("region", { name: "Offre 2025", exact: true });
  await expect(block).toContainText("Répartition par parcours, organisme référent et intensité");
  await expect(block).toContainText("Contrats signés dans le mois");
  await expect(block).toContainText("Propositions au département au-delà de 6 semaines");
  await expect(block).toContainText("Diagnostics conjoints à prévoir");
  await expect(block).toContainText("Accompagnement intensif");
  await expect(block).toContainText(/Demandeurs suivis avant le passage : \d+ sur \d+ ont signé/);
  await expect(block.getByRole("link", { name: "Voir les demandeurs sans contrat signé" })).toHaveAttribute("href", /\/agence\/transition\?agence=/);
  const download = page.waitForEvent("download");
  await block.getByRole("link", { name: "Exporter les orientations 2025 (CSV)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^orientations-2025-.+\.csv$/);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logIn(admin, "admin@modalis.demo");
  await expect(admin).toHaveURL(/\/admin$/);
  const comparison = admin.getByRole("region", { name: "Comparaison des offres", exact: true });
  await expect(comparison.getByRole("columnheader", { name: "Offre 2014" })).toBeVisible();
  await expect(comparison.getByRole("columnheader", { name: "Offre 2025" })).toBeVisible();
  await expect(comparison.getByRole("row", { name: /^Agences/ })).toBeVisible();
  await expect(comparison.getByRole("row", { name: /Contrats signés dans le mois/ })).toBeVisible();
  await expect(admin.getByRole("region", { name: "Agences sur l'offre 2025", exact: true })).toContainText("Saint-Denis");
  await adminContext.close();
});
