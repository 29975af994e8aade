import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** WCAG 2.1 A/AA by axe-core, French language, a title, and nothing wider than the screen. */
async function checkPage(page: Page, url: string, status?: number) {
  const response = await page.goto(url);
  if (status === undefined) expect(response?.status(), url).toBeLessThan(400);
  else expect(response?.status(), url).toBe(status);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  expect(await page.title(), url).toMatch(/\S.*Modalis|Modalis/);
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}) : ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(" | ")}`,
  );
  expect(summary, url).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${url} déborde de ${overflow} px`).toBeLessThanOrEqual(0);
}

/** The first link of the page whose href starts with the prefix. */
async function firstHref(page: Page, url: string, prefix: string): Promise<string> {
  await page.goto(url);
  const href = await page.locator(`a[href^="${prefix}"]`).first().getAttribute("href");
  expect(href, `${url} : aucun lien ${prefix}`).toBeTruthy();
  return href!;
}

const anonymousPages = ["/connexion"];

test.describe("accessibilité (axe-core, WCAG 2.1 A et AA) @mobile", () => {
  // Checked at 375 px, the narrowest layout; the desktop layout has the same markup.
  test.skip(({ isMobile }) => !isMobile, "vérifié sur l'écran de 375 px");
  test("pages publiques", async ({ page }) => {
    for (const url of anonymousPages) await checkPage(page, url);
  });

  test("pages de la conseillère", async ({ page }) => {
    await logIn(page, "conseillere@modalis.demo");
    const seekerPage = await firstHref(page, "/conseiller", "/conseiller/demandeurs/");
    const diagnosticPage = await firstHref(page, "/conseiller?vue=file", "/conseiller/diagnostic/");
    for (const url of ["/conseiller", "/conseiller?vue=file", "/conseiller?filtre=en-retard", seekerPage, diagnosticPage]) {
      await checkPage(page, url);
    }
    // The refusal and not-found pages, with the site's header.
    await checkPage(page, "/agence", 403);
    await checkPage(page, "/conseiller/demandeurs/pas-un-identifiant", 404);
  });

  test("pages de la directrice d'agence", async ({ page }) => {
    await logIn(page, "directrice@modalis.demo");
    const portfolioPage = await firstHref(page, "/agence", "/agence/portefeuilles/");
    const seekerFile = await firstHref(page, portfolioPage, "/agence/demandeurs/");
    for (const url of [
      "/agence",
      "/agence/parametres",
      "/agence/tri",
      "/agence/bilans?bilan=M4&etat=OVERDUE",
      "/agence/bilans?bilan=M9&etat=DUE_SOON",
      "/agence/attente",
      "/agence/journal",
      "/agence/mouvements",
      "/agence/dossiers-clos",
      "/agence/equilibrer?modalite=RENFORCE",
      portfolioPage,
      `${portfolioPage}?tri=nom&ordre=desc`,
      seekerFile,
    ]) {
      await checkPage(page, url);
    }
  });

  test("pages du demandeur, du travailleur social et de l'administrateur", async ({ page, context }) => {
    await logIn(page, "demandeur@modalis.demo");
    await checkPage(page, "/mon-espace");
    await context.clearCookies();
    await logIn(page, "travailleur.social@modalis.demo");
    await checkPage(page, "/travailleur-social");
    await checkPage(page, await firstHref(page, "/travailleur-social", "/travailleur-social/demandeurs/"));
    await context.clearCookies();
    await logIn(page, "admin@modalis.demo");
    await checkPage(page, "/admin");
  });
});

test("la navigation au clavier montre toujours où est le focus", async ({ page }) => {
  await logIn(page, "directrice@modalis.demo");
  await page.goto("/agence");
  const seen: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      const visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
      return { name: element.textContent?.trim().slice(0, 40) ?? element.tagName, visible };
    });
    expect(focus, `tabulation ${i + 1}`).not.toBeNull();
    expect(focus!.visible, `focus invisible sur « ${focus!.name} »`).toBe(true);
    seen.push(focus!.name);
  }
  expect(seen[0]).toBe("Aller au contenu");
});
