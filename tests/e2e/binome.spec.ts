import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

/**
 * The tandem file (docs/rules.md#the-tandem-file), end to end on the demo: the social worker opens a tandem file,
 * writes a note and books a joint meeting; the advisor in charge sees the note on the seeker's file; the seeker reads
 * « Qui peut voir mon dossier » on a phone. The new pages pass axe-core (WCAG 2.1 A and AA).
 */

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  expect(results.violations.map((v) => `${v.id} : ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

test("la travailleuse sociale ouvre un dossier du binôme, écrit une note, prend un rendez-vous à trois ; la conseillère voit la note", async ({
  page,
  browser,
}) => {
  const note = `Point logement fait avec la personne (${Date.now()}).`;
  await logIn(page, "travailleur.social@modalis.demo");
  await expect(page).toHaveURL(/\/travailleur-social$/);
  await expect(page.getByText(/bilan des freins sociaux : (à prévoir|prévu le|fait le|en retard)/).first()).toBeVisible();
  await expectAccessible(page);

  // The file of the seeker with the demo's notes (the one with a planned joint meeting).
  const link = page.locator('a[href^="/travailleur-social/demandeurs/"]').first();
  const href = await link.getAttribute("href");
  await link.click();
  await expect(page).toHaveURL(href!);
  await expect(page.getByRole("region", { name: "Identité et coordonnées" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Freins sociaux relevés (dernier diagnostic)" })).toBeVisible();
  await expect(page.getByText(/Bilan des freins sociaux \(6 mois\) :/)).toBeVisible();
  // Need to know: no score, no axis, no diagnostics history.
  await expect(page.getByText(/score|axe de travail|Historique des diagnostics/i)).toHaveCount(0);
  await expectAccessible(page);

  // A note.
  const notes = page.getByRole("region", { name: "Notes du binôme" });
  await notes.getByLabel("Nouvelle note").fill(note);
  await notes.getByRole("button", { name: "Enregistrer la note" }).click();
  await expect(notes.getByText(note)).toBeVisible();
  await expect(notes.getByText(/\(travailleur·se social·e\), le /).first()).toBeVisible();

  // A joint meeting in the first slot free for both.
  const booking = page.getByRole("region", { name: "Prendre un rendez-vous du binôme" });
  await booking.getByRole("link", { name: "Entretien tripartite" }).click();
  const form = page.getByRole("form", { name: /Prendre un rendez-vous : Entretien tripartite/ });
  await expect(form).toBeVisible();
  await expectAccessible(page);
  const slot = form.getByRole("radio").first();
  const slotLabel = (
    await form
      .locator("label")
      .filter({ has: page.getByRole("radio") })
      .first()
      .innerText()
  ).trim();
  await slot.check();
  await form.getByRole("button", { name: "Prendre ce rendez-vous" }).click();
  await expect(page.getByText(/Entretien tripartite avec le travailleur social pris le /)).toBeVisible();
  const joint = page.getByRole("region", { name: "Rendez-vous du binôme" });
  await expect(joint.getByText(slotLabel).first()).toBeVisible();

  // The advisor in charge sees the note on the seeker's file.
  const seekerId = href!.split("/").pop()!;
  const advisorContext = await browser.newContext();
  const advisorPage = await advisorContext.newPage();
  const advisorEmail = await advisorOf(page);
  await logIn(advisorPage, advisorEmail);
  await advisorPage.goto(`/conseiller/demandeurs/${seekerId}`);
  const advisorNotes = advisorPage.getByRole("region", { name: "Notes du binôme" });
  await expect(advisorNotes.getByText(note)).toBeVisible();
  await expect(advisorPage.getByText(/Bilan des freins sociaux \(6 mois\) :/)).toBeVisible();
  await expectAccessible(advisorPage);
  await advisorContext.close();
});

/** The e-mail of the advisor in charge, as the tandem file gives it. */
async function advisorOf(page: Page): Promise<string> {
  return (await page.getByRole("region", { name: "Suivi" }).getByRole("link", { name: /@/ }).innerText()).trim();
}

test("le demandeur voit qui peut voir son dossier, en clair, sur un écran de téléphone @mobile", async ({ page }) => {
  await logIn(page, "demandeur@modalis.demo");
  await expect(page).toHaveURL(/\/mon-espace$/);
  const who = page.getByRole("region", { name: "Qui peut voir mon dossier" });
  await expect(who).toBeVisible();
  await expect(who.getByText(/votre conseiller·ère voit tout votre suivi/)).toBeVisible();
  await expect(who.getByText(/La direction de l'agence .* voit votre dossier, mais pas vos difficultés personnelles/)).toBeVisible();
  // A guided seeker has no social worker: no line about one.
  await expect(who.getByText(/travailleur·se social·e/)).toHaveCount(0);
  await expectAccessible(page);
});
