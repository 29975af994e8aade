import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, logIn } from "./support";

/**
 * Hostile input and failures (issue 13), end to end on the production build: malformed ids on every page and route
 * are a 404, a link cannot make a page show a message, the private routes keep their own Referrer-Policy, a refused
 * page answers 403 with the site's header, and a form whose action fails says so in French and can be sent again.
 */

type Who = "directrice" | "conseillere" | "demandeur" | "administrateur" | "travailleur" | "anonyme";

const EMAILS: Record<Exclude<Who, "anonyme">, string> = {
  directrice: "directrice@modalis.demo",
  conseillere: "conseillere@modalis.demo",
  demandeur: "demandeur@modalis.demo",
  administrateur: "admin@modalis.demo",
  travailleur: "travailleur.social@modalis.demo",
};

/**
 * Every page and route handler of src/app, with the ids it reads: its dynamic path segments, plus `query`. Adding a
 * page or a route without a row here fails the first test.
 */
const ROUTES: Record<string, { who: Who; query?: string[] } | "aucun identifiant"> = {
  "/": "aucun identifiant",
  "/admin": "aucun identifiant",
  "/admin/boite-locale": { who: "administrateur", query: ["message"] },
  "/agence": { who: "directrice", query: ["agence"] },
  "/agence/attente": { who: "directrice", query: ["agence"] },
  "/agence/bilans": { who: "directrice", query: ["agence", "conseiller"] },
  "/agence/contrats": { who: "directrice", query: ["agence"] },
  "/agence/demandeurs/[id]": { who: "directrice" },
  "/agence/dossiers-clos": { who: "directrice", query: ["agence"] },
  "/agence/equilibrer": { who: "directrice", query: ["agence"] },
  "/agence/export/bilans-en-retard": { who: "directrice", query: ["agence"] },
  "/agence/export/charges": { who: "directrice", query: ["agence"] },
  "/agence/export/mouvements": { who: "directrice", query: ["agence"] },
  "/agence/export/orientations-2025": { who: "directrice", query: ["agence"] },
  "/agence/inscriptions": "aucun identifiant",
  "/agence/inscriptions/[id]": { who: "directrice" },
  "/agence/inscriptions/[id]/rapport": { who: "directrice" },
  // POST only (a GET is 405): the agency it reads (`agence`) is checked by the use case, a malformed one is 404
  // (tests/integration/fuzz.test.ts, authorization-matrix.test.ts).
  "/agence/inscriptions/envoi": "aucun identifiant",
  "/agence/journal": { who: "directrice", query: ["agence", "conseiller"] },
  "/agence/mouvements": { who: "directrice", query: ["agence"] },
  "/agence/parametres": { who: "directrice", query: ["agence"] },
  "/agence/portefeuilles/[id]": { who: "directrice" },
  "/agence/transition": { who: "directrice", query: ["agence"] },
  "/agence/tri": { who: "directrice", query: ["agence"] },
  "/agence/tri/[id]": { who: "directrice" },
  // The conversation page's poll (docs/rules.md#conversations): a malformed or out-of-scope seeker id is 404.
  "/api/conversations/etat": { who: "conseillere", query: ["demandeur"] },
  "/api/health": "aucun identifiant",
  // POST only (a GET is 405): the message id it reads is checked with its token first, a malformed one is 401
  // (tests/integration/sms.test.ts, authorization-matrix.test.ts).
  "/api/sms/accuses": "aucun identifiant",
  "/bench/plancher": "aucun identifiant",
  "/calendrier/[token]": { who: "anonyme" },
  "/connexion": "aucun identifiant",
  "/conseiller": "aucun identifiant",
  "/conseiller/demandes": "aucun identifiant",
  "/conseiller/demandeurs/[id]": { who: "conseillere" },
  "/conseiller/diagnostic/[id]": { who: "conseillere", query: ["campagne"] },
  "/conseiller/messages": "aucun identifiant",
  "/conseiller/messages/[seekerId]": { who: "conseillere" },
  "/conseiller/tri/[id]": { who: "conseillere" },
  "/mon-compte": "aucun identifiant",
  "/mon-espace": "aucun identifiant",
  "/mon-espace/mes-donnees": "aucun identifiant",
  "/mon-espace/mes-donnees/lisible": "aucun identifiant",
  "/mon-espace/messages": "aucun identifiant",
  "/mon-espace/rendez-vous/[id]/convocation": { who: "demandeur" },
  "/mon-espace/rendez-vous/[id]/demande": { who: "demandeur" },
  "/mon-espace/rendez-vous/[id]/ics": { who: "demandeur" },
  "/travailleur-social": "aucun identifiant",
  "/travailleur-social/demandeurs/[id]": { who: "travailleur" },
  "/travailleur-social/messages": "aucun identifiant",
  // Read by the advisor too (a malformed id is 404 before any scope).
  "/travailleur-social/messages/[seekerId]": { who: "conseillere" },
};

/** next-auth's own endpoints read no id of ours. */
const NOT_OURS = ["/api/auth/[...nextauth]"];

const MALFORMED = ["pas-un-identifiant", "-".repeat(36), "3f1e0f7c-9d9a-4b7e-8c55-0d9b3d7a1e2z", "1' OR '1'='1", "😀"];
const TWO_IDS = ["3f1e0f7c-9d9a-4b7e-8c55-0d9b3d7a1e22", "00000000-0000-4000-8000-000000000001"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** `/agence/portefeuilles/[id]` for each src/app/…/page.tsx and route.ts. */
function routesOfTheTree(): string[] {
  return filesUnder("src/app")
    .filter((file) => ["page.tsx", "route.ts"].includes(path.basename(file)))
    .map((file) => `/${path.relative("src/app", path.dirname(file)).split(path.sep).join("/")}`.replace(/\/$/, "") || "/")
    .map((route) => (route === "" ? "/" : route))
    .sort();
}

/** The URLs with a malformed id for a route: each path segment, then each query parameter, malformed or repeated. */
function hostileUrls(route: string, query: string[]): string[] {
  const segments = route.match(/\[[^\]]+\]/g) ?? [];
  const base = (value: string) => route.replace(/\[[^\]]+\]/g, encodeURIComponent(value));
  const urls = segments.length ? MALFORMED.map(base) : [];
  const path = segments.length ? base(TWO_IDS[0]!) : route;
  for (const name of query) {
    for (const value of MALFORMED) urls.push(`${path}?${name}=${encodeURIComponent(value)}`);
    urls.push(`${path}?${name}=${TWO_IDS[0]}&${name}=${TWO_IDS[1]}`);
  }
  return urls;
}

async function expectNotFound(request: APIRequestContext, url: string) {
  const response = await request.get(url, { maxRedirects: 0 });
  expect(response.status(), url).toBe(404);
  // A page answers the French 404 page (whose header the browser test below sees); a route, its own 404.
  if ((response.headers()["content-type"] ?? "").includes("text/html")) expect(await response.text(), url).toContain("Page introuvable");
}

test("chaque page et chaque route figurent dans la table des identifiants lus", () => {
  expect(routesOfTheTree().filter((route) => !NOT_OURS.includes(route))).toEqual(Object.keys(ROUTES).sort());
});

for (const who of ["directrice", "conseillere", "demandeur", "administrateur", "travailleur", "anonyme"] as const) {
  test(`un identifiant malformé ou répété donne 404, jamais 500 (${who})`, async ({ page }) => {
    if (who !== "anonyme") await logIn(page, EMAILS[who]);
    const urls = Object.entries(ROUTES).flatMap(([route, reads]) =>
      reads !== "aucun identifiant" && reads.who === who ? hostileUrls(route, reads.query ?? []) : [],
    );
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) await expectNotFound(page.request, url);
  });
}

async function signedIn(page: Page, who: Exclude<Who, "anonyme">) {
  await logIn(page, EMAILS[who]);
}

test("un lien ne fait pas afficher de message : « ?fait= » n'est plus lu, sur aucune des quatre pages", async ({ page }) => {
  await signedIn(page, "directrice");
  const spoof = encodeURIComponent("Virement de 5 000 € validé : rappelez le 01 23 45 67 89");
  await page.goto(`/agence?fait=${spoof}`);
  await expect(page.getByRole("heading", { level: 1, name: /Agence Rouen/ })).toBeVisible();
  await expect(page.getByText("Virement de 5 000")).toHaveCount(0);
  const portfolio = await page.locator('a[href^="/agence/portefeuilles/"]').first().getAttribute("href");
  await page.goto(`${portfolio}?fait=${spoof}`);
  await expect(page.getByRole("heading", { level: 1, name: /Portefeuille/ })).toBeVisible();
  await expect(page.getByText("Virement de 5 000")).toHaveCount(0);

  await page.context().clearCookies();
  await signedIn(page, "conseillere");
  await page.goto("/conseiller");
  const seeker = await page.locator('a[href^="/conseiller/demandeurs/"]').first().getAttribute("href");
  await page.goto(`${seeker}?fait=${spoof}`);
  await expect(page.getByRole("heading", { name: "Identité et contact" })).toBeVisible();
  await expect(page.getByText("Virement de 5 000")).toHaveCount(0);
  await page.goto("/conseiller?vue=file");
  const diagnostic = await page.locator('a[href^="/conseiller/diagnostic/"]').first().getAttribute("href");
  await page.goto(`${diagnostic}?fait=${spoof}`);
  await expect(page.getByRole("heading", { level: 1, name: "Entretien de diagnostic" })).toBeVisible();
  await expect(page.getByText("Virement de 5 000")).toHaveCount(0);
});

test("les routes privées gardent leur Referrer-Policy: no-referrer ; les pages ont same-origin", async ({ page }) => {
  const feed = await page.request.get("/calendrier/inconnu.ics");
  expect(feed.status()).toBe(404);
  expect(feed.headers()["referrer-policy"]).toBe("no-referrer");
  await signedIn(page, "demandeur");
  const data = await page.request.get("/mon-espace/mes-donnees");
  expect(data.status()).toBe(200);
  expect(data.headers()["referrer-policy"]).toBe("no-referrer");
  const ics = await page.request.get("/mon-espace/rendez-vous/pas-un-identifiant/ics");
  expect(ics.status()).toBe(404);
  expect(ics.headers()["referrer-policy"]).toBe("no-referrer");
  const home = await page.request.get("/mon-espace");
  expect(home.headers()["referrer-policy"]).toBe("same-origin");
});

test("une page refusée au rôle répond 403 « Accès refusé », avec l'en-tête du site", async ({ page }) => {
  await signedIn(page, "conseillere");
  const response = await page.goto("/agence");
  expect(response?.status()).toBe(403);
  await expect(page).toHaveURL(/\/agence$/);
  await expect(page.getByRole("heading", { level: 1, name: "Accès refusé" })).toBeVisible();
  const banner = page.getByRole("banner");
  await expect(banner.getByRole("link", { name: "Modalis" })).toBeVisible();
  await expect(banner.getByRole("link", { name: "Mon portefeuille" })).toBeVisible();
  await expect(banner.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
  const missing = await page.goto("/conseiller/demandeurs/pas-un-identifiant");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("banner").getByRole("link", { name: "Mon portefeuille" })).toBeVisible();
});

test("une action qui échoue (réseau coupé, erreur 500) le dit en français et le formulaire peut être renvoyé", async ({ page }) => {
  await signedIn(page, "conseillere");
  await page.goto("/conseiller?vue=file");
  await page.getByRole("link", { name: "Diagnostiquer", exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Entretien de diagnostic" })).toBeVisible();
  const url = page.url();
  const confirm = page.getByRole("button", { name: "Confirmer la proposition" });
  // Every question answered (the form proposes nothing before): the first choice of each, in work recently.
  for (const section of ["Situation professionnelle", "Freins périphériques"]) {
    for (const question of await page.getByRole("group", { name: section, exact: true }).getByRole("group").all()) {
      const first = question.getByRole("radio").first();
      if (await first.count()) await first.check();
    }
  }
  await page.getByLabel("Mois sans emploi").fill("0");

  // The network fails on the way.
  await page.route(url, (route) => (route.request().method() === "POST" ? route.abort("connectionreset") : route.continue()));
  await confirm.click();
  const failure = page.getByRole("alert").filter({ hasText: "La demande n'a pas abouti" });
  await expect(failure).toBeVisible();
  await expect(confirm).toBeEnabled();
  await page.unroute(url);

  // The server answers 500.
  let answered = 0;
  await page.route(url, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    await route.fulfill({ status: 500, contentType: "text/plain", body: "Internal Server Error" });
    answered += 1;
  });
  await confirm.click();
  await expect.poll(() => answered).toBe(1);
  await expect(failure).toBeVisible();
  await expect(confirm).toBeEnabled();
  await page.unroute(url);

  // Back to normal: the same form goes through.
  await confirm.click();
  // The message says where the seeker went (issue 15), then the reviews booked.
  await expect(page.getByRole("status")).toContainText(/confirmé, placé·e dans (votre portefeuille|le portefeuille) .*, bilans M4 et M9 réservés\./);
  expect(page.url()).not.toContain("fait=");
});

test("un formulaire des paramètres dont l'action échoue le dit en français et peut être renvoyé", async ({ page }) => {
  await signedIn(page, "directrice");
  await page.goto("/agence/parametres");
  const section = page.getByRole("region", { name: "Délai du premier entretien" });
  const save = section.getByRole("button", { name: "Enregistrer le délai" });
  await page.route("**/agence/parametres**", (route) => (route.request().method() === "POST" ? route.abort("failed") : route.continue()));
  await save.click();
  await expect(section.getByRole("alert")).toContainText("La demande n'a pas abouti");
  await expect(save).toBeEnabled();
  await page.unroute("**/agence/parametres**");
  await save.click();
  await expect(section.getByRole("status")).toContainText(/Le délai n'a pas changé|Délai enregistré/);
});

test("une connexion dont la requête échoue le dit en français et peut être renvoyée", async ({ page }) => {
  await page.goto("/connexion");
  await page.route("**/api/auth/callback/credentials**", (route) => route.abort("connectionreset"));
  await page.getByLabel("Adresse e-mail").fill(EMAILS.conseillere);
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  const signIn = page.getByRole("button", { name: "Se connecter" });
  await signIn.click();
  await expect(page.getByRole("alert").filter({ hasText: "La demande n'a pas abouti" })).toBeVisible();
  await expect(signIn).toBeEnabled();
  await page.unroute("**/api/auth/callback/credentials**");
  await signIn.click();
  await expect(page).toHaveURL(/\/conseiller$/, { timeout: 30_000 });
});

test("un changement de mot de passe dont la requête échoue le dit en français, ne change rien et peut être renvoyé", async ({ page }) => {
  await signedIn(page, "conseillere");
  await page.goto("/mon-compte");
  await page.route("**/mon-compte", (route) => (route.request().method() === "POST" ? route.abort("connectionreset") : route.continue()));
  await page.getByLabel("Mot de passe actuel").fill(DEMO_PASSWORD);
  await page.getByLabel("Nouveau mot de passe", { exact: true }).fill("une autre phrase de passe");
  await page.getByLabel("Confirmer le nouveau mot de passe").fill("une autre phrase de passe");
  const change = page.getByRole("button", { name: "Changer mon mot de passe" });
  await change.click();
  await expect(page.getByRole("alert").filter({ hasText: "La demande n'a pas abouti" })).toBeVisible();
  await expect(change).toBeEnabled();
  await page.unroute("**/mon-compte");
});
