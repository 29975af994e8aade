import { expect, test } from "@playwright/test";
import { logIn } from "./support";

const personas = [
  { who: "la conseillère", email: "conseillere@modalis.demo", home: "/conseiller", heading: "Mon portefeuille", forbidden: "/agence" },
  { who: "la directrice d'agence", email: "directrice@modalis.demo", home: "/agence", heading: /Agence Rouen/, forbidden: "/conseiller" },
  { who: "le demandeur d'emploi", email: "demandeur@modalis.demo", home: "/mon-espace", heading: "Mon espace", forbidden: "/conseiller" },
  {
    who: "le travailleur social",
    email: "travailleur.social@modalis.demo",
    home: "/travailleur-social",
    heading: "Mes accompagnements globaux",
    forbidden: "/mon-espace",
  },
  { who: "l'administrateur", email: "admin@modalis.demo", home: "/admin", heading: "Agences", forbidden: "/conseiller" },
] as const;

for (const persona of personas) {
  test(`${persona.who} se connecte, arrive sur son espace et se voit refuser celui d'un autre rôle @mobile`, async ({ page }) => {
    await logIn(page, persona.email);
    await expect(page).toHaveURL(new RegExp(`${persona.home}$`));
    await expect(page.getByRole("heading", { level: 1, name: persona.heading })).toBeVisible();
    const refused = await page.goto(persona.forbidden);
    expect(refused?.status()).toBe(403);
    await expect(page).toHaveURL(new RegExp(`${persona.forbidden}$`));
    await expect(page.getByRole("heading", { name: "Accès refusé" })).toBeVisible();
  });
}

test("un mauvais mot de passe est refusé avec un message en français", async ({ page }) => {
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill("conseillere@modalis.demo");
  await page.getByLabel("Mot de passe").fill("pas-le-bon-mot-de-passe");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "incorrect" })).toHaveText("Adresse e-mail ou mot de passe incorrect.");
  await expect(page).toHaveURL(/\/connexion/);
});

test("une page protégée renvoie vers la connexion sans session, qui y ramènera", async ({ page }) => {
  await page.goto("/conseiller");
  await expect(page).toHaveURL(/\/connexion\?callbackUrl=%2Fconseiller$/);
});

test("la conseillère voit son portefeuille paginé depuis la base", async ({ page }) => {
  await logIn(page, "conseillere@modalis.demo");
  await expect(page.getByText(/demandeurs d'emploi dans mes portefeuilles/)).toBeVisible();
  const rows = page.getByRole("region", { name: "Demandeurs d'emploi" }).getByRole("listitem");
  await expect(rows).toHaveCount(25);
  await page.getByRole("link", { name: "Page suivante →" }).click();
  await expect(page.getByText(/^Page 2 sur/)).toBeVisible();
});

test("la conseillère filtre par modalité, cherche par identifiant et ouvre la file à diagnostiquer", async ({ page }) => {
  await logIn(page, "conseillere@modalis.demo");
  const list = page.getByRole("region", { name: "Demandeurs d'emploi" });
  await page.getByRole("link", { name: /^Suivi \(\d+\)$/ }).click();
  await expect(page).toHaveURL(/filtre=suivi/);
  const firstId = (await list.locator("p.font-mono").first().textContent())?.trim() ?? "";
  expect(firstId).toMatch(/^\d{7}[A-Z]$/);
  for (const modality of await list.getByRole("listitem").locator("div.text-sm p:first-child").allTextContents()) {
    expect(modality).toMatch(/^Suivi/);
  }
  await page.getByLabel("Rechercher (nom ou identifiant)").fill(firstId);
  await page.getByRole("button", { name: "Afficher" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list.getByText(firstId)).toBeVisible();
  await page.goto("/conseiller?vue=file");
  const queue = page.getByRole("region", { name: /File d'attente de l'agence/ });
  await expect(queue.getByText("Premier entretien en retard").first()).toBeVisible();
  await expect(page.getByRole("region", { name: /Mon agenda/ })).toBeVisible();
});

test("le demandeur voit son prochain rendez-vous en heure locale, avec son conseiller", async ({ page }) => {
  await logIn(page, "demandeur@modalis.demo");
  const next = page.getByRole("region", { name: "Mon prochain rendez-vous" });
  // The date itself (anchored: a notice of a moved appointment, left by another scenario, also names a date).
  await expect(next.getByText(/^(lundi|mardi|mercredi|jeudi|vendredi) \d{1,2} \S+ \d{4} à \d{1,2} h \d{2}$/)).toBeVisible();
  await expect(next.getByText(/^Avec /)).toBeVisible();
});

test("la liste des fournisseurs d'authentification expose les identifiants", async ({ request }) => {
  const response = await request.get("/api/auth/providers");
  expect(response.ok()).toBe(true);
  const providers = (await response.json()) as Record<string, { type: string }>;
  expect(providers.credentials?.type).toBe("credentials");
});

test("la directrice voit la répartition, les premiers entretiens, les bilans et les absences de son agence", async ({ page }) => {
  await logIn(page, "directrice@modalis.demo");
  const distribution = page.getByRole("region", { name: "Répartition par modalité" });
  await expect(distribution.getByRole("row", { name: /^Guidé \d+ [\d,]+ % 63 %$/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Premiers entretiens" })).toContainText(/\d+ en attente, dont \d+ au-delà de 28 jours/);
  await expect(page.getByRole("region", { name: "Bilans M4 et M9" }).getByRole("row", { name: /^En retard \d+ \d+$/ })).toBeVisible();
  await expect(page.getByRole("region", { name: /Absences aux rendez-vous/ })).toContainText(/Agence : [\d,]+ %/);
});
