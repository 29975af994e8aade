/**
 * Messages to seekers (issue 16), end to end on the demo data: the seeker sees their messages and sets their contact
 * details and SMS consent on « Mon espace »; the advisor sees a failed message's reason on the file and corrects the
 * address with the seeker's word; the administrator opens the local mailbox. Each page passes axe (WCAG 2.1 A/AA)
 * and fits the screen; the seeker's and the administrator's also on a phone (@mobile).
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  expect(
    results.violations.map(
      (v) =>
        `${v.id} : ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(" | ")}`,
    ),
  ).toEqual([]);
  // Nothing wider than the screen (375 px on the mobile project).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `la page déborde de ${overflow} px`).toBeLessThanOrEqual(0);
}

test("le demandeur voit ses messages, change son numéro et donne puis retire son accord pour les SMS @mobile", async ({ page }) => {
  await logIn(page, "demandeur@modalis.demo");
  await page.goto("/mon-espace");

  const messages = page.getByRole("region", { name: "Mes messages" });
  await expect(messages.getByText(/Convocation à un rendez-vous · le .* · par e-mail/).first()).toBeVisible();
  await expect(messages.getByText(/· par SMS$/).first()).toBeVisible();
  await expect(messages.getByText("reçu", { exact: true }).first()).toBeVisible();

  const contact = page.getByRole("region", { name: "Mes coordonnées" });
  // A bad address is refused in French, and nothing changes.
  await contact.getByLabel("Mon adresse e-mail").fill("pas-une-adresse");
  await contact.getByRole("button", { name: "Enregistrer mes coordonnées" }).click();
  await expect(contact.getByRole("alert")).toContainText("L'adresse e-mail n'est pas valide");

  await contact.getByLabel("Mon adresse e-mail").fill("zoe.demo@exemple.test");
  await contact.getByLabel("Mon numéro de téléphone portable").fill("0639981234");
  await contact.getByRole("button", { name: "Enregistrer mes coordonnées" }).click();
  await expect(contact.getByText("C'est enregistré : vos coordonnées sont à jour.")).toBeVisible();
  await expect(contact.getByText("06 39 98 12 34", { exact: true })).toBeVisible();

  await contact.getByLabel("J'accepte de recevoir des SMS").setChecked(false);
  await contact.getByRole("button", { name: "Enregistrer mes choix" }).click();
  await expect(contact.getByText("C'est enregistré : vos choix sont à jour.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("region", { name: "Mes coordonnées" }).getByLabel("J'accepte de recevoir des SMS")).not.toBeChecked();

  const again = page.getByRole("region", { name: "Mes coordonnées" });
  await again.getByLabel("J'accepte de recevoir des SMS").setChecked(true);
  await again.getByRole("button", { name: "Enregistrer mes choix" }).click();
  await expect(again.getByText("oui, j'accepte les SMS")).toBeVisible();
  await expect(again.getByText(/les convocations aux bilans obligatoires .* vous seront quand même envoyées/)).toBeVisible();
  await expectAccessible(page);
});

test("la conseillère voit le motif d'un message en échec et corrige l'adresse avec l'accord de la personne", async ({ page }) => {
  await logIn(page, "conseillere@modalis.demo");
  await page.goto("/conseiller");
  const warning = page.getByRole("status").filter({ hasText: "n'a pas pu partir" });
  await expect(warning).toBeVisible();
  await warning.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/conseiller\/demandeurs\/[0-9a-f-]+#messages$/);

  const list = page.getByRole("region", { name: /^Messages envoyés \(1 en échec\)$/ });
  await expect(list.getByText(/Motif : 550 5\.1\.1 Adresse inconnue/)).toBeVisible();
  const contact = page.getByRole("region", { name: "Coordonnées pour les messages" });
  await expect(contact.getByText(/L'adresse e-mail ne fonctionne pas/)).toBeVisible();
  await expectAccessible(page);

  await contact.getByRole("button", { name: "Corriger les coordonnées" }).click();
  const form = contact.getByRole("form", { name: "Corriger les coordonnées" });
  await form.getByLabel("E-mail").fill("nouvelle.adresse@exemple.test");
  // Without the seeker's word, nothing is saved.
  await form.getByRole("button", { name: "Enregistrer" }).click();
  await expect(form.getByRole("alert")).toContainText("Cochez la case");
  await form.getByLabel("La personne m'a donné elle-même ces coordonnées.").check();
  await form.getByRole("button", { name: "Enregistrer" }).click();
  await expect(contact.getByText("nouvelle.adresse@exemple.test")).toBeVisible();
  await expect(contact.getByText(/L'adresse e-mail ne fonctionne pas/)).toHaveCount(0);
  // The failed message stays on the file, with its reason.
  await expect(page.getByRole("region", { name: /^Messages envoyés/ }).getByText(/Motif : 550/)).toBeVisible();
});

test("l'administrateur ouvre la boîte aux lettres locale depuis l'accueil @mobile", async ({ page }) => {
  await logIn(page, "admin@modalis.demo");
  await page.goto("/admin");
  await page.getByRole("link", { name: "Boîte aux lettres locale" }).click();
  await expect(page).toHaveURL(/\/admin\/boite-locale$/);
  await expect(page.getByRole("heading", { level: 1, name: "Boîte aux lettres locale" })).toBeVisible();
  await expect(page.getByText(/n'étant pas défini, les messages aux demandeurs ne partent pas/)).toBeVisible();
  await expectAccessible(page);
  // A seeker may not open it.
  await page.context().clearCookies();
  await logIn(page, "demandeur@modalis.demo");
  const response = await page.goto("/admin/boite-locale");
  expect(response?.status()).toBe(403);
});
