import { expect as baseExpect, test } from "@playwright/test";
import { logIn } from "./support";

// Signing in (argon2id) and server actions can take several seconds on a busy two-core machine.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000 });

test("la direction clôt un dossier, le rouvre, puis le transfère vers une autre agence ; les entrées et sorties le comptent", async ({ page }) => {
  await logIn(page, "directrice@modalis.demo");
  await page.goto("/agence");
  await page.locator('a[href^="/agence/portefeuilles/"]').first().click();
  await page.locator('a[href^="/agence/demandeurs/"]').first().click();
  await expect(page.getByRole("heading", { name: "Vie du dossier" })).toBeVisible();
  const fileUrl = page.url();
  const life = page.getByRole("region", { name: "Vie du dossier" });

  // Close: the reason, the day (today by default), the confirmation.
  await life.getByRole("button", { name: "Clore le dossier" }).click();
  const closeForm = page.getByRole("form", { name: "Clore le dossier" });
  await closeForm.getByLabel("Motif de sortie").selectOption({ label: "Reprise d'emploi" });
  await closeForm.getByLabel("J'ai compris, je clos le dossier.").check();
  await closeForm.getByRole("button", { name: "Clore le dossier" }).click();
  await expect(life.getByText("Dossier clos — Reprise d'emploi")).toBeVisible();
  await expect(life.getByText(/Sortie : Reprise d'emploi/)).toBeVisible();
  // The closed files list finds it.
  await page.goto("/agence/dossiers-clos");
  await expect(
    page
      .getByRole("table", { name: /Dossiers clos/ })
      .or(page.locator("table"))
      .first(),
  ).toContainText("Reprise d'emploi");

  // Reopen: back in the queue, the history kept.
  await page.goto(fileUrl);
  page.once("dialog", (dialog) => void dialog.accept());
  await life.getByRole("button", { name: "Rouvrir le dossier" }).click();
  await expect(life.getByText(/Réouverture du dossier/)).toBeVisible();
  await expect(life.getByText(/Sortie : Reprise d'emploi/)).toBeVisible();
  await expect(life.getByText(/le premier entretien est dû à partir de ce jour/)).toBeVisible();

  // Transfer: the receiving agency chosen, confirmed; the file leaves the agency.
  await life.getByRole("button", { name: "Transférer vers une autre agence" }).click();
  const transferForm = page.getByRole("form", { name: "Transférer vers une autre agence" });
  const options = await transferForm.getByLabel("Agence d'accueil").locator("option").allTextContents();
  await transferForm.getByLabel("Agence d'accueil").selectOption({ label: options[1]! });
  await transferForm.getByRole("button", { name: "Transférer le dossier" }).click();
  await expect(transferForm.getByText(/Confirmez le transfert/)).toBeVisible();
  await transferForm.getByLabel("J'ai compris, je transfère le dossier.").check();
  await transferForm.getByRole("button", { name: "Transférer le dossier" }).click();
  await expect(page).toHaveURL(/\/agence(\?|$)/);
  const gone = await page.request.get(fileUrl);
  expect(gone.status()).toBe(404);

  // The month's entries and exits count the exit, the reopening and the departure.
  await page.goto("/agence/mouvements");
  await expect(page.getByRole("heading", { level: 1, name: "Entrées et sorties" })).toBeVisible();
  const total = page.getByRole("row", { name: /^Total/ });
  await expect(total).toBeVisible();
  const cells = await total.getByRole("cell").allTextContents();
  // Reopenings (3rd figure) and departures by transfer (second to last) at least one each.
  expect(Number(cells[2])).toBeGreaterThanOrEqual(1);
  expect(Number(cells[cells.length - 2])).toBeGreaterThanOrEqual(1);
  const csv = await page.request.get("/agence/export/mouvements");
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("Départs par transfert");
});
