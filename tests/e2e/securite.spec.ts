import { expect, test, type Page, type Request } from "@playwright/test";
import { DEMO_PASSWORD, logIn } from "./support";

function expectSecurityHeaders(headers: Record<string, string>, url: string) {
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, url).toContain("object-src 'none'");
  expect(csp, url).toContain("frame-ancestors 'none'");
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc, url).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc, url).not.toContain("'unsafe-inline'");
  expect(headers["strict-transport-security"], url).toMatch(/max-age=\d{7,}/);
  expect(headers["x-content-type-options"], url).toBe("nosniff");
  expect(headers["referrer-policy"], url).toBe("same-origin");
}

test("chaque réponse porte les en-têtes de sécurité et les pages personnelles ne sont jamais mises en cache", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  });
  for (const url of ["/connexion", "/api/health", "/api/auth/providers"]) {
    const response = await page.request.get(url);
    expectSecurityHeaders(response.headers(), url);
  }
  await logIn(page, "directrice@modalis.demo");
  for (const url of ["/agence", "/agence/journal"]) {
    const response = await page.goto(url);
    expectSecurityHeaders(response!.headers(), url);
    expect(response!.headers()["cache-control"], url).toContain("no-store");
  }
  const html = await page.content();
  const script = html.match(/<script[^>]+src="(\/_next\/static\/[^"]+)"/)?.[1];
  expect(script).toBeTruthy();
  const asset = await page.request.get(script!);
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
  expect(asset.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(violations).toEqual([]);
});

test("le cookie de session est HttpOnly et SameSite", async ({ page, context }) => {
  await logIn(page, "conseillere@modalis.demo");
  const session = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
});

test("« Se déconnecter » ferme la session : les pages personnelles renvoient ensuite à la connexion", async ({ page, context }) => {
  await logIn(page, "conseillere@modalis.demo");
  await page.goto("/conseiller");
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/connexion/);
  expect((await context.cookies()).some((c) => c.name.endsWith("next-auth.session-token"))).toBe(false);
  await page.goto("/conseiller");
  await expect(page).toHaveURL(/\/connexion/);
});

test("un cookie de session capturé avant « Se déconnecter » n'ouvre plus rien ensuite", async ({ page, context }) => {
  await logIn(page, "conseillere@modalis.demo");
  const captured = (await context.cookies()).filter((c) => c.name.endsWith("next-auth.session-token"));
  expect(captured).toHaveLength(1);
  await page.goto("/conseiller");
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  // The attacker replays the cookie captured before the sign-out.
  await context.addCookies(captured);
  const response = await page.goto("/conseiller");
  await expect(page).toHaveURL(/\/connexion/);
  expect(response!.url()).not.toMatch(/\/conseiller$/);
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
});

test("un lien profond survit à la connexion, et la connexion comme la déconnexion restent sur l'hôte utilisé", async ({ page, baseURL }) => {
  // The same server under another name than NEXTAUTH_URL's (localhost): every redirect must keep this host.
  const other = baseURL!.replace("localhost", "127.0.0.1");
  await page.goto(`${other}/conseiller?filtre=guide`);
  await expect(page).toHaveURL(`${other}/connexion?callbackUrl=%2Fconseiller%3Ffiltre%3Dguide`);
  await page.getByLabel("Adresse e-mail").fill("conseillere@modalis.demo");
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(`${other}/conseiller?filtre=guide`, { timeout: 30_000 });
  // The button signs out from the browser: wait until the page is interactive (a slow first render on a loaded machine).
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(`${other}/connexion`, { timeout: 20_000 });
  // A way back to another site is ignored.
  await page.goto(`${other}/connexion?callbackUrl=${encodeURIComponent("https://attaquant.example/")}`);
  await page.getByLabel("Adresse e-mail").fill("conseillere@modalis.demo");
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(`${other}/conseiller`, { timeout: 30_000 });
});

test("un en-tête X-Forwarded-For inventé par le client ne remet pas le compteur à zéro", async ({ page, context }) => {
  await page.goto("/connexion");
  const email = `usurpateur-${Date.now()}@modalis.demo`;
  const alert = page.getByRole("alert").filter({ hasText: /\S/ });
  for (let attempt = 0; attempt < 6; attempt += 1) {
    // A fresh invented address at every attempt, also in the header the server reserves for the socket address.
    await context.setExtraHTTPHeaders({ "X-Forwarded-For": `203.0.113.${attempt + 1}`, "X-Modalis-Socket-Address": `198.51.100.${attempt + 1}` });
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill(`mauvais-mot-de-passe-${attempt}`);
    await page.getByRole("button", { name: "Se connecter" }).click();
    if (attempt < 5) {
      await expect(alert).toHaveText("Adresse e-mail ou mot de passe incorrect.");
      await expect(page.getByRole("button", { name: "Se connecter" })).toBeEnabled();
    }
  }
  await expect(alert).toHaveText(/^Trop de tentatives de connexion\. Réessayez dans \d+ secondes\.$/);
  await context.setExtraHTTPHeaders({});
});

test("des échecs répétés sur un compte ralentissent les tentatives suivantes, avec un message en français", async ({ page }) => {
  await page.goto("/connexion");
  const email = `inconnu-${Date.now()}@modalis.demo`;
  const alert = page.getByRole("alert").filter({ hasText: /\S/ });
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill(`mauvais-mot-de-passe-${attempt}`);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await expect(alert).toHaveText("Adresse e-mail ou mot de passe incorrect.");
    await expect(page.getByRole("button", { name: "Se connecter" })).toBeEnabled();
  }
  await page.getByLabel("Mot de passe").fill("encore-un-essai");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(alert).toHaveText(/^Trop de tentatives de connexion\. Réessayez dans \d+ secondes\.$/);
});

test("une action serveur venue d'une autre origine, ou d'une origine nulle, est refusée et ne change rien", async ({ page }) => {
  await logIn(page, "directrice@modalis.demo");
  const charges = page.getByRole("region", { name: "Charges par conseiller et modalité" });
  await charges.getByRole("row").filter({ hasText: "Guidé" }).first().getByRole("link").click();
  const loadLine = page.getByText(/^\d+ demandeurs pour un plafond de \d+/);
  const loadBefore = await loadLine.textContent();

  // Capture the real action request the form sends, without letting it through.
  let captured: Request | undefined;
  await page.route("**/agence/portefeuilles/**", async (route) => {
    if (route.request().method() === "POST") {
      captured = route.request();
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await page.getByRole("group", { name: "Demandeurs à déplacer" }).getByRole("table").getByRole("checkbox").first().check();
  await page.getByRole("button", { name: "Déplacer 1 demandeur" }).click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute("**/agence/portefeuilles/**");
  const headers = await captured!.allHeaders();
  expect(headers["next-action"]).toBeTruthy();
  const replay = (origin: string) =>
    page.request.fetch(captured!.url(), {
      method: "POST",
      headers: { ...headers, origin },
      data: captured!.postDataBuffer() ?? undefined,
      maxRedirects: 0,
    });

  for (const origin of ["https://attaquant.example", "null"]) {
    const response = await replay(origin);
    expect(response.status(), origin).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain("déplacé");
  }
  await page.reload();
  await expect(loadLine).toHaveText(loadBefore!);

  // The same request from the application's own origin goes through: the refusals above were about the origin.
  const own = new URL(captured!.url()).origin;
  const accepted = await replay(own);
  expect(accepted.status()).toBe(200);
  await page.reload();
  await expect(loadLine).not.toHaveText(loadBefore!);
});

const SENSITIVE = [/Freins périphériques/, /Santé/, /Isolement social/, /Administratif et juridique/, /"HEALTH"|"HOUSING"|"FINANCES"/];

/** The page as HTML and as the React Server Components stream a client-side navigation receives. */
async function htmlAndFlight(page: Page, url: string): Promise<string[]> {
  const html = await page.request.get(url);
  const flight = await page.request.get(url, { headers: { RSC: "1" } });
  expect(html.status(), url).toBe(200);
  expect(flight.status(), url).toBe(200);
  return [await html.text(), await flight.text()];
}

test("les freins (santé, logement…) n'atteignent que le conseiller en charge, ni dans le HTML ni dans le flux RSC des autres", async ({ page, browser }) => {
  await logIn(page, "conseillere@modalis.demo");
  await page.goto("/conseiller?filtre=guide");
  await page.locator('a[href^="/conseiller/demandeurs/"]').first().click();
  await expect(page.getByRole("heading", { name: /Freins périphériques/ })).toBeVisible();
  const seekerUrl = new URL(page.url()).pathname;
  // Positive control: the advisor in charge does receive them, in both forms.
  for (const body of await htmlAndFlight(page, seekerUrl)) expect(body).toMatch(SENSITIVE[0]!);

  const manager = await browser.newPage();
  await logIn(manager, "directrice@modalis.demo");
  const portfolioHref = await manager.locator('a[href^="/agence/portefeuilles/"]').first().getAttribute("href");
  // The manager's own read-only file of this very seeker (/agence/demandeurs/[id]) carries none of it either.
  const managerFile = seekerUrl.replace("/conseiller/demandeurs/", "/agence/demandeurs/");
  for (const url of ["/agence", "/agence/journal", "/agence/attente", "/agence/bilans?bilan=M4&etat=OVERDUE", portfolioHref!, managerFile]) {
    for (const body of await htmlAndFlight(manager, url)) {
      for (const pattern of SENSITIVE) expect(body, `${url} ${pattern}`).not.toMatch(pattern);
    }
  }
  // The seeker's page itself is not the manager's to open.
  const refused = await manager.goto(seekerUrl);
  expect(refused?.status()).toBe(403);
  await expect(manager.getByRole("heading", { level: 1, name: "Accès refusé" })).toBeVisible();
  await manager.close();
});
