import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

// docs/rules.md#seekers-requests-on-appointments: the seeker asks on a phone, the advisor answers in one click.

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  expect(results.violations.map((v) => `${v.id} : ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
}

test("le demandeur demande à déplacer un rendez-vous sur son téléphone, la conseillère accepte en un clic, il voit le nouvel horaire @mobile", async ({
  page,
  isMobile,
}) => {
  await logIn(page, "demandeur@modalis.demo");
  await expect(page).toHaveURL(/\/mon-espace$/);
  const ask = page.getByRole("link", { name: "Demander à déplacer ce rendez-vous" }).first();
  await ask.click();
  await expect(page.getByRole("heading", { level: 1, name: "Demander à déplacer ce rendez-vous" })).toBeVisible();
  if (isMobile) await axeClean(page);

  // Nothing chosen: a French refusal, nothing sent.
  await page.getByLabel("Pourquoi voulez-vous changer ?").fill("J'ai un entretien d'embauche ce jour-là");
  await page.getByRole("button", { name: "Envoyer ma demande" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Choisissez au moins un horaire" })).toBeVisible();

  const slots = page.getByRole("group", { name: "Quels horaires vous conviennent ?" }).getByRole("checkbox");
  await slots.nth(1).check();
  await slots.nth(2).check();
  await page.getByRole("button", { name: "Envoyer ma demande" }).click();
  await expect(page).toHaveURL(/\/mon-espace#demandes$/);
  const mine = page.getByRole("region", { name: "Mes demandes" });
  await expect(mine.getByText("Envoyée, en attente de réponse").first()).toBeVisible();

  // The advisor: the count on her home page, then one click from her inbox.
  await page.context().clearCookies();
  await logIn(page, "conseillere@modalis.demo");
  await page.goto("/conseiller");
  await page.getByRole("link", { name: /demandes? d.* attend/ }).click();
  await expect(page).toHaveURL(/\/conseiller\/demandes$/);
  if (isMobile) await axeClean(page);
  // The same one-click answers head her inbox, above the conversations.
  await page.goto("/conseiller/messages");
  const inboxRequests = page.getByRole("region", { name: /Demandes sur les rendez-vous/ });
  const accept = inboxRequests.getByRole("button", { name: /^Accepter : / }).first();
  const label = ((await accept.textContent()) ?? "").replace(/^Accepter : /, "").trim();
  expect(label).toMatch(/ à \d{1,2} h \d{2}$/);
  await accept.click();
  await expect(page.getByText(`déplacé au ${label}`)).toBeVisible();

  // The seeker sees the new time, and the request accepted.
  await page.context().clearCookies();
  await logIn(page, "demandeur@modalis.demo");
  await expect(page.getByText(new RegExp(`a été déplacé au ${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.`)).first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Mes demandes" }).getByText("Acceptée").first()).toBeVisible();
});

test("la convocation imprimable et « Mes données » lisibles s'ouvrent, sans défaut d'accessibilité @mobile", async ({ page, isMobile }) => {
  await logIn(page, "demandeur@modalis.demo");
  await page.getByRole("region", { name: "Mon prochain rendez-vous" }).getByRole("link", { name: "Imprimer ma convocation" }).click();
  await expect(page).toHaveURL(/\/mon-espace\/rendez-vous\/[0-9a-f-]{36}\/convocation$/);
  await expect(page.getByRole("heading", { level: 2, name: /France Travail/ })).toBeVisible();
  await expect(page.getByText(/^Quand : .* à \d{1,2} h \d{2}/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Imprimer ma convocation" })).toBeVisible();
  if (isMobile) await axeClean(page);

  await page.goto("/mon-espace#donnees");
  await page.getByRole("link", { name: "Voir mes données" }).click();
  await expect(page).toHaveURL(/\/mon-espace\/mes-donnees\/lisible$/);
  await expect(page.getByRole("heading", { level: 2, name: "Qui vous êtes" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Vos rendez-vous", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Vos demandes sur vos rendez-vous" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Imprimer ou enregistrer en PDF" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Télécharger mes données (fichier pour un autre logiciel)" })).toBeVisible();
  if (isMobile) await axeClean(page);

  // Another seeker's appointment, or one that does not exist: the French 404.
  const response = await page.goto("/mon-espace/rendez-vous/00000000-0000-4000-8000-000000000001/convocation");
  expect(response?.status()).toBe(404);
});
