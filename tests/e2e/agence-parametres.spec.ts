import { expect as baseExpect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

// Signing in (argon2id) and server actions can take several seconds on a busy two-core machine.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 180_000 });

async function openSettings(page: Page) {
  await logIn(page, "directrice@modalis.demo");
  await expect(page).toHaveURL(/\/agence$/);
  await page.goto("/agence/parametres");
  await expect(page.getByRole("heading", { level: 1, name: "Paramètres de l'agence" })).toBeVisible();
}

test("la directrice abaisse le plafond renforcé sous la charge la plus élevée, lit l'explication, confirme, puis le rétablit @mobile", async ({ page }) => {
  await openSettings(page);
  const caps = page.getByRole("region", { name: "Plafonds des portefeuilles" });
  const renforce = caps.getByRole("group", { name: "Accompagnement renforcé" });
  const highest = Number((await renforce.getByText(/^Charge la plus élevée : \d+$/).textContent())?.match(/(\d+)$/)?.[1]);
  expect(highest).toBeGreaterThan(1);
  const lowered = highest - 1;
  const input = renforce.getByLabel("Plafond par portefeuille (renforcé)");
  const originalCap = Number(await input.inputValue());

  await input.fill(String(lowered));
  await expect(renforce.getByText(/^Au-dessus du plafond proposé : [1-9]\d*$/)).toBeVisible();
  await caps.getByRole("button", { name: "Enregistrer les plafonds" }).click();

  const explanation = caps.getByRole("alert");
  await expect(explanation).toContainText(`Le plafond renforcé proposé (${lowered}) est inférieur à la charge actuelle`);
  await expect(explanation).toContainText(`(${highest} demandeurs)`);
  await expect(explanation).toContainText("Personne ne sera déplacé");
  await expect(explanation).toContainText("aucun nouveau demandeur ne pourra y être orienté");
  const apply = caps.getByRole("button", { name: "Appliquer les plafonds" });
  await expect(apply).toBeDisabled();
  await explanation.getByLabel("Je confirme").check();
  await apply.click();

  await expect(caps.getByRole("status")).toContainText(`Plafonds enregistrés (renforcé ${lowered})`);
  await expect(caps.getByRole("status")).toContainText("au-dessus de leur nouveau plafond");
  await expect(renforce.getByText(`Plafond actuel : ${lowered}`, { exact: true })).toBeVisible();
  await page.reload();
  await expect(
    page
      .getByRole("region", { name: "Plafonds des portefeuilles" })
      .getByRole("group", { name: "Accompagnement renforcé" })
      .getByText(`Plafond actuel : ${lowered}`, { exact: true }),
  ).toBeVisible();

  // Above 70 is refused (national rule); then the original cap is put back, which needs no confirmation.
  const again = page.getByRole("region", { name: "Plafonds des portefeuilles" });
  const againRenforce = again.getByRole("group", { name: "Accompagnement renforcé" });
  await againRenforce.getByLabel("Plafond par portefeuille (renforcé)").fill("71");
  await again.getByRole("button", { name: "Enregistrer les plafonds" }).click();
  await expect(again.getByRole("alert")).toContainText("règle nationale");
  await againRenforce.getByLabel("Plafond par portefeuille (renforcé)").fill(String(originalCap));
  await again.getByRole("button", { name: "Enregistrer les plafonds" }).click();
  await expect(again.getByRole("status")).toContainText(`Plafonds enregistrés (renforcé ${originalCap})`);
  await expect(againRenforce.getByText(`Plafond actuel : ${originalCap}`, { exact: true })).toBeVisible();
});

test("la directrice crée le compte d'un travailleur social et voit son mot de passe provisoire une seule fois", async ({ page, browser }) => {
  await openSettings(page);
  const section = page.getByRole("region", { name: "Travailleurs sociaux du département" });
  const email = `lea.martin.${test.info().project.name}.${process.pid}@seine-maritime.fr`;
  await section.getByLabel("Prénom").fill("Léa");
  await section.getByLabel("Nom", { exact: true }).fill("Martin");
  await section.getByLabel("Adresse e-mail").fill(email);
  await section.getByRole("button", { name: "Créer le compte" }).click();

  await expect(section.getByRole("status")).toContainText(`Compte créé pour Léa Martin (${email})`);
  const shown = section.getByTestId("mot-de-passe-provisoire");
  await expect(shown).toHaveText(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){4}$/);
  const temporaryPassword = (await shown.textContent())!.trim();
  await expect(section.getByText("Il n'est affiché qu'une seule fois", { exact: false })).toBeVisible();
  await expect(section.getByRole("listitem", { name: "Léa Martin" })).toContainText(email);

  // The same address again is refused in French, without saying whose it is.
  await section.getByLabel("Prénom").fill("Léa");
  await section.getByLabel("Nom", { exact: true }).fill("Martin");
  await section.getByLabel("Adresse e-mail").fill(email.toUpperCase());
  await section.getByRole("button", { name: "Créer le compte" }).click();
  await expect(section.getByRole("alert")).toContainText("Ce compte ne peut pas être créé avec cette adresse e-mail.");

  // Once the page is reloaded the password is gone; the new account signs in with it, and must replace it first.
  await page.reload();
  await expect(page.getByTestId("mot-de-passe-provisoire")).toHaveCount(0);
  const context = await browser.newContext();
  const other = await context.newPage();
  await logIn(other, email, temporaryPassword);
  await expect(other).toHaveURL(/\/mon-compte$/);
  await other.goto("/travailleur-social");
  await expect(other).toHaveURL(/\/mon-compte$/);
  await expect(other.getByRole("status")).toContainText("mot de passe provisoire");
  const own = "ma phrase de passe à moi";
  await other.getByLabel("Mot de passe actuel").fill(temporaryPassword);
  await other.getByLabel("Nouveau mot de passe", { exact: true }).fill(own);
  await other.getByLabel("Confirmer le nouveau mot de passe").fill(own);
  await other.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(other).toHaveURL(/\/connexion\?motdepasse=change$/);
  await logIn(other, email, own);
  await expect(other).toHaveURL(/\/travailleur-social$/);
  await context.close();
});

test("une directrice ne voit pas les paramètres d'une autre agence", async ({ page }) => {
  await logIn(page, "admin@modalis.demo");
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/agence/parametres");
  const nav = page.getByRole("navigation", { name: "Choisir l'agence" });
  await nav.getByRole("link", { name: /Saint-Denis/ }).click();
  await expect(page.getByText(/974-SAINT-DENIS/)).toBeVisible();
  const otherAgency = new URL(page.url()).searchParams.get("agence");
  expect(otherAgency).toMatch(/^[0-9a-f-]{36}$/);
  await page.context().clearCookies();

  await logIn(page, "directrice@modalis.demo");
  await expect(page).toHaveURL(/\/agence$/);
  const response = await page.goto(`/agence/parametres?agence=${otherAgency}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("974-SAINT-DENIS")).toHaveCount(0);
});

test("la directrice règle les rappels avant les rendez-vous et la conservation des dossiers clos", async ({ page }) => {
  await openSettings(page);
  const reminders = page.getByRole("region", { name: "Rappels avant les rendez-vous" });
  const days = reminders.getByLabel("Rappel envoyé avant un rendez-vous (jours)");
  await expect(days).toHaveValue("2");
  await days.fill("15");
  await reminders.getByRole("button", { name: "Enregistrer les rappels" }).click();
  await expect(reminders.getByRole("alert")).toContainText("14 jours au plus");

  // No channel while reminders are on: refused, in French.
  await days.fill("3");
  await reminders.getByLabel("E-mail").uncheck();
  await reminders.getByLabel("SMS (aux personnes qui ont accepté les SMS)").uncheck();
  await reminders.getByRole("button", { name: "Enregistrer les rappels" }).click();
  await expect(reminders.getByRole("alert")).toContainText("choisissez l'e-mail, le SMS ou les deux");

  await reminders.getByLabel("E-mail").check();
  await reminders.getByRole("button", { name: "Enregistrer les rappels" }).click();
  await expect(reminders.getByRole("status")).toContainText("Rappels enregistrés : 3 jours avant chaque rendez-vous, par e-mail.");

  // Back to the defaults, for the other scenarios.
  await days.fill("2");
  await reminders.getByLabel("SMS (aux personnes qui ont accepté les SMS)").check();
  await reminders.getByRole("button", { name: "Enregistrer les rappels" }).click();
  await expect(reminders.getByRole("status")).toContainText("par e-mail et SMS");

  const retention = page.getByRole("region", { name: "Conservation des dossiers clos" });
  const months = retention.getByLabel("Conservation d'un dossier clos (mois)");
  await months.fill("0");
  await retention.getByRole("button", { name: "Enregistrer la durée de conservation" }).click();
  await expect(retention.getByRole("alert")).toContainText("1 mois au moins");
  await months.fill("24");
  await retention.getByRole("button", { name: "Enregistrer la durée de conservation" }).click();
  await expect(retention.getByRole("status")).toContainText("n'a pas changé");
});
