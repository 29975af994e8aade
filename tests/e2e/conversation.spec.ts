import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

/**
 * A conversation between the demo seeker and their advisor (docs/rules.md#conversations): the seeker writes from a
 * 375 px phone, the advisor sees it in the inbox with an unread count and answers, the seeker sees the answer arrive
 * (the page's light poll). Every new page is clean for axe-core (WCAG 2.1 AA) and fits the screen.
 */

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function accessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  expect(results.violations.map((v) => `${v.id} : ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("le demandeur écrit depuis son téléphone, la conseillère voit le message non lu et répond, le demandeur voit la réponse @mobile", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);
  const question = `Bonjour, puis-je décaler mon prochain rendez-vous ? (${stamp}) https://exemple.test/<b>gras</b>`;
  const answer = `Bonjour, oui : je vous propose jeudi. (${stamp})`;

  await logIn(page, "demandeur@modalis.demo");
  await page.goto("/mon-espace");
  const messagesLink = page.locator('a[href="/mon-espace/messages"]');
  await messagesLink.click();
  await expect(page).toHaveURL(/\/mon-espace\/messages$/);
  await expect(page.getByText(/peu(t|vent) lire ces messages/)).toBeVisible();
  await expect(page.getByText(/Pas de pièce jointe/)).toBeVisible();
  await accessible(page);
  await page.getByLabel("Votre message").fill(question);
  await page.getByRole("button", { name: "Envoyer le message" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Message envoyé." })).toBeVisible();
  // Shown as text: the markup stays characters, nothing is rendered as HTML.
  await expect(page.getByText(question)).toBeVisible();
  await expect(page.locator("ol[aria-label='Messages'] b")).toHaveCount(0);

  const advisorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const advisor = await advisorContext.newPage();
  await logIn(advisor, "conseillere@modalis.demo");
  await advisor.goto("/conseiller/messages");
  await accessible(advisor);
  const line = advisor
    .getByRole("listitem")
    .filter({ has: advisor.getByRole("link") })
    .filter({ hasText: /non lu/ })
    .first();
  await expect(line).toBeVisible();
  await expect(line).toContainText(/Sans réponse/);
  await line.getByRole("link").click();
  await expect(advisor.getByText(question)).toBeVisible();
  await accessible(advisor);
  await advisor.getByLabel("Votre message").fill(answer);
  await advisor.getByRole("button", { name: "Envoyer le message" }).click();
  // Sent once the server said so and the refreshed page lists it (the text typed in the box is no proof).
  await expect(advisor.getByText("Message envoyé.")).toBeVisible();
  await expect(advisor.locator("ol[aria-label='Messages']").getByText(answer)).toBeVisible();
  await advisor.goto("/conseiller/messages");
  await expect(
    advisor
      .getByRole("listitem")
      .filter({ hasText: /Répondu/ })
      .first(),
  ).toBeVisible();
  await advisorContext.close();

  // The seeker's open page refreshes itself (poll every 20 s while visible).
  await expect(page.getByText(answer)).toBeVisible({ timeout: 45_000 });
  await page.goto("/mon-espace");
  await expect(page.locator('a[href="/mon-espace/messages"]')).toContainText("mes messages");
  await expect(page.locator('a[href="/mon-espace/messages"]')).not.toContainText("non lu");
});

test("le travailleur social voit ses conversations ; sans session, la vérification des messages répond 401", async ({ page, request }) => {
  expect((await request.get("/api/conversations/etat")).status()).toBe(401);
  await logIn(page, "travailleur.social@modalis.demo");
  await page.goto("/travailleur-social/messages");
  await expect(page.getByRole("heading", { name: "Messages", level: 1 })).toBeVisible();
  await accessible(page);
});
