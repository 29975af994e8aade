import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { logIn as signIn } from "./support";

async function logIn(page: Page) {
  await signIn(page, "demandeur@modalis.demo");
  await expect(page).toHaveURL(/\/mon-espace$/);
}

const FRENCH_DATE_TIME =
  /^(lundi|mardi|mercredi|jeudi|vendredi) \d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4} à \d{1,2} h \d{2}$/;

test("le demandeur voit son prochain rendez-vous, ses bilans et son accompagnement en clair, sur un écran de téléphone @mobile", async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveTitle("Mon espace · Modalis");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  // Nothing wider than the screen (375 px on the mobile project).
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  const next = page.getByRole("region", { name: "Mon prochain rendez-vous" });
  await expect(next.getByText(FRENCH_DATE_TIME)).toBeVisible();
  await expect(next.getByText(/^Avec Camille Durand, votre conseiller·ère$/)).toBeVisible();
  await expect(
    next.getByText(/^(À l'agence France Travail Rouen Rive Gauche, 27 avenue de Bretagne, 76100 Rouen|Par téléphone : .*|En visio : .*)$/),
  ).toBeVisible();
  await expect(next.getByText(/^(Premier entretien|Bilan du 4e mois|Bilan du 9e mois|Rendez-vous de suivi)\. /)).toBeVisible();

  // Registered six months ago: the 4th-month review is behind, the 9th-month one ahead, each with its window.
  const reviews = page.getByRole("region", { name: "Mes bilans du 4e et du 9e mois" });
  const m4 = reviews.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Bilan du 4e mois" }) });
  const m9 = reviews.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Bilan du 9e mois" }) });
  await expect(m4.getByText(/^Période : du \d{1,2} \S+ \d{4} au \d{1,2} \S+ \d{4}\.$/)).toBeVisible();
  await expect(m4.getByText(/^Fait le /)).toBeVisible();
  await expect(m9.getByText(/^Période : du /)).toBeVisible();

  const modality = page.getByRole("region", { name: "Mon accompagnement" });
  await expect(modality.getByText("Accompagnement guidé", { exact: true })).toBeVisible();
  await expect(modality.getByText(/Vous avez un contact (chaque mois|tous les \d mois)/)).toBeVisible();
  await expect(modality.getByRole("link", { name: /^Appeler le 0\d( \d\d){4}$/ })).toBeVisible();

  const past = page.getByRole("region", { name: "Mes rendez-vous passés ou annulés" });
  await expect(past.getByText("Honoré").first()).toBeVisible();

  // The skip link is the first stop of the keyboard, and visible when focused.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Aller au contenu" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
});

test("le demandeur télécharge un rendez-vous (.ics), crée puis supprime son lien d'agenda, télécharge ses données @mobile", async ({ page }) => {
  await logIn(page);

  // One appointment as an .ics file.
  const next = page.getByRole("region", { name: "Mon prochain rendez-vous" });
  const icsDownload = page.waitForEvent("download");
  await next.getByRole("link", { name: /^Ajouter à mon agenda/ }).click();
  const ics = await icsDownload;
  expect(ics.suggestedFilename()).toMatch(/^rendez-vous-\d{4}-\d{2}-\d{2}\.ics$/);
  const icsText = readFileSync((await ics.path())!, "utf8");
  expect(icsText.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
  expect(icsText).toMatch(/\r\nDTSTART;TZID=Europe\/Paris:\d{8}T\d{6}\r\n/);
  expect(icsText).toContain("\r\nSTATUS:CONFIRMED\r\n");

  // The private feed, created with the keyboard.
  const agenda = page.getByRole("region", { name: "Mes rendez-vous dans mon agenda" });
  const create = agenda.getByRole("button", { name: "Créer mon lien d'agenda" });
  await create.focus();
  await page.keyboard.press("Enter");
  await expect(agenda.getByRole("status").filter({ hasText: "Votre lien d'agenda est prêt" })).toBeFocused();
  const field = agenda.getByLabel("Mon lien d'agenda (personnel)");
  await expect(field).toHaveValue(/\/calendrier\/[A-Za-z0-9_-]{43}\.ics$/);
  const feedUrl = await field.inputValue();
  const feed = await page.request.get(feedUrl);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  expect(feed.headers()["cache-control"]).toMatch(/no-store/);
  expect((await feed.text()).match(/BEGIN:VEVENT/g)?.length ?? 0).toBeGreaterThan(1);

  // Deleting it asks first; afterwards the URL no longer answers.
  await agenda.getByRole("button", { name: "Supprimer mon lien" }).click();
  await agenda.getByRole("button", { name: "Oui, supprimer mon lien" }).click();
  await expect(agenda.getByRole("status").filter({ hasText: "Votre lien d'agenda est supprimé" })).toBeVisible();
  await expect(agenda.getByRole("button", { name: "Créer mon lien d'agenda" })).toBeVisible();
  expect((await page.request.get(feedUrl)).status()).toBe(404);

  // Everything about me, as JSON.
  const dataDownload = page.waitForEvent("download");
  await page.getByRole("region", { name: "Mes données" }).getByRole("link", { name: "Télécharger mes données" }).click();
  const data = await dataDownload;
  expect(data.suggestedFilename()).toMatch(/^mes-donnees-modalis-\d{4}-\d{2}-\d{2}\.json$/);
  const json = JSON.parse(readFileSync((await data.path())!, "utf8")) as {
    identite: { prenom: string; nom: string };
    accompagnement: { modalite: string; conseiller: string };
    rendezVous: unknown[];
    journalDesAcces: { action: string; par: string }[];
  };
  expect(json.identite).toMatchObject({ prenom: "Julien", nom: "Marchand" });
  expect(json.accompagnement).toMatchObject({ modalite: "GUIDE", conseiller: "Camille Durand" });
  expect(json.rendezVous.length).toBeGreaterThan(1);
  expect(json.journalDesAcces).toContainEqual(expect.objectContaining({ action: "seeker.calendarFeed.revoked", par: "Vous" }));
});

test("sans session, les fichiers du demandeur ne sont pas servis ; un lien d'agenda inconnu répond 404 @mobile", async ({ request }) => {
  expect((await request.get("/mon-espace/mes-donnees")).status()).toBe(401);
  expect((await request.get("/mon-espace/rendez-vous/3f1e0f7c-9d9a-4b7e-8c55-0d9b3d7a1e22/ics")).status()).toBe(401);
  expect((await request.get(`/calendrier/${"A".repeat(43)}.ics`)).status()).toBe(404);
});
