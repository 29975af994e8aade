import { expect, test, type Page } from "@playwright/test";

const PASSWORD = "Modalis-demo-2026";

async function logIn(page: Page, email: string) {
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

const personas = [
  { who: "la conseillère", email: "conseillere@modalis.demo", home: "/conseiller", heading: "Mon portefeuille", forbidden: "/agence" },
  { who: "la directrice d'agence", email: "directrice@modalis.demo", home: "/agence", heading: /Agence Rouen/, forbidden: "/conseiller" },
  { who: "le demandeur d'emploi", email: "demandeur@modalis.demo", home: "/mon-espace", heading: "Mon espace", forbidden: "/conseiller" },
  { who: "le travailleur social", email: "travailleur.social@modalis.demo", home: "/travailleur-social", heading: "Mes accompagnements globaux", forbidden: "/mon-espace" },
  { who: "l'administrateur", email: "admin@modalis.demo", home: "/admin", heading: "Agences", forbidden: "/conseiller" },
] as const;

for (const persona of personas) {
  test(`${persona.who} se connecte, arrive sur son espace et se voit refuser celui d'un autre rôle @mobile`, async ({ page }) => {
    await logIn(page, persona.email);
    await expect(page).toHaveURL(new RegExp(`${persona.home}$`));
    await expect(page.getByRole("heading", { level: 1, name: persona.heading })).toBeVisible();
    await page.goto(persona.forbidden);
    await expect(page).toHaveURL(/\/acces-refuse$/);
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

test("une page protégée renvoie vers la connexion sans session", async ({ page }) => {
  await page.goto("/conseiller");
  await expect(page).toHaveURL(/\/connexion$/);
});

test("la conseillère voit son portefeuille paginé depuis la base", async ({ page }) => {
  await logIn(page, "conseillere@modalis.demo");
  await expect(page.getByText(/demandeurs d'emploi suivis dans mes portefeuilles/)).toBeVisible();
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(25);
  await page.getByRole("link", { name: "Page suivante →" }).click();
  await expect(page.getByText(/^Page 2 sur/)).toBeVisible();
});

test("le demandeur voit son prochain rendez-vous en heure locale, avec son conseiller", async ({ page }) => {
  await logIn(page, "demandeur@modalis.demo");
  const next = page.getByRole("region", { name: "Mon prochain rendez-vous" });
  await expect(next.getByText(/(lundi|mardi|mercredi|jeudi|vendredi) \d{1,2} \S+ \d{4} à \d{1,2} h \d{2}/)).toBeVisible();
  await expect(next.getByText(/^Avec /)).toBeVisible();
});

test("la liste des fournisseurs d'authentification expose les identifiants", async ({ request }) => {
  const response = await request.get("/api/auth/providers");
  expect(response.ok()).toBe(true);
  const providers = (await response.json()) as Record<string, { type: string }>;
  expect(providers.credentials?.type).toBe("credentials");
});
