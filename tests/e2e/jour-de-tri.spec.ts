import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

/**
 * The triage campaign (« jour de tri », docs/rules.md#triage-campaigns): the manager opens a campaign over the
 * advisor's files after a preview, the advisor works through two files with the keyboard (one confirmed unchanged
 * with Alt + Entrée, one re-diagnosed and confirmed with Entrée), and the board shows the progress. At 375 px too
 * (each project opens its campaign over another modality of the advisor's files: they share one server).
 */
async function answer(page: Page, question: string, choice: string) {
  await page.getByRole("group", { name: question, exact: true }).getByLabel(choice, { exact: true }).check();
}

const LIGHTEST: Record<string, string> = {
  "Projet professionnel": "Défini et réaliste",
  "Compétences au regard du marché local": "En adéquation",
  "Techniques de recherche d'emploi": "Maîtrisées",
  "Autonomie numérique": "Autonome",
  "Savoirs de base": "Maîtrisés",
};
const BARRIERS = ["Mobilité", "Famille", "Santé", "Logement", "Finances", "Administratif et juridique", "Isolement social"];

test("jour de tri : la directrice ouvre, la conseillère trie deux dossiers au clavier, le tableau suit @mobile", async ({ page, browser }, testInfo) => {
  // Two sessions and two first renders of cold pages on a shared 2-core machine.
  test.setTimeout(150_000);
  const modality = testInfo.project.name === "mobile" ? "Suivi" : "Guidé";

  // The manager: the advisor's files of one modality, each to its portfolio's advisor; preview, then confirmation.
  await logIn(page, "directrice@modalis.demo");
  await page.goto("/agence/tri");
  const form = page.getByRole("region", { name: "Ouvrir un jour de tri" });
  await form.getByLabel("Nom", { exact: true }).fill(`Tri ${modality}`);
  await form.getByLabel("Modalité", { exact: true }).selectOption({ label: modality });
  await form.getByLabel("Portefeuilles de").selectOption({ label: "Camille Durand" });
  await form.getByRole("button", { name: "Voir l'aperçu" }).click();
  await expect(form.getByText(/^Camille Durand : \d+ dossiers?$/)).toBeVisible();
  const open = form.getByRole("button", { name: /^Ouvrir le jour de tri \(\d+ dossiers?\)$/ });
  const files = Number((await open.textContent())?.match(/\((\d+)/)?.[1]);
  expect(files).toBeGreaterThanOrEqual(2);
  await open.click();
  await expect(form.getByText("Jour de tri ouvert :")).toBeVisible();
  await expect(page.getByRole("link", { name: `Tri ${modality}` })).toBeVisible();

  // The advisor, in another session: the dashboard says it, the queue opens the keyboard triage.
  const advisor = await browser.newPage({ viewport: page.viewportSize() ?? undefined });
  await logIn(advisor, "conseillere@modalis.demo");
  await advisor.goto("/conseiller");
  const notice = advisor.getByRole("link", { name: `Jour de tri : ${files} dossiers à revoir` });
  await expect(notice).toBeVisible();
  await notice.click();
  await advisor.getByRole("link", { name: "Commencer le tri au clavier" }).click();
  await expect(advisor.getByRole("heading", { name: "Entretien de diagnostic" })).toBeVisible();
  await expect(advisor.getByText(`1 / ${files}`, { exact: true })).toBeVisible();

  // File 1: confirmed unchanged with Alt + Entrée; the next file of the share opens.
  const firstName = await advisor.locator("main p.text-lg").first().textContent();
  await advisor.keyboard.press("Alt+Enter");
  await expect(advisor.getByRole("status").filter({ hasText: "confirmé sans changement" })).toBeVisible();
  await expect(advisor.getByText(`1 / ${files - 1}`, { exact: true })).toBeVisible();
  expect(await advisor.locator("main p.text-lg").first().textContent()).not.toBe(firstName);

  // File 2: re-diagnosed (answers chosen with the keyboard's focus on the form) and confirmed with Entrée.
  for (const [question, choice] of Object.entries(LIGHTEST)) await answer(advisor, question, choice);
  // The form opens on the previous diagnostic's answers: « never worked » may be ticked (the months then disabled).
  const neverWorked = advisor.getByLabel("N'a jamais travaillé");
  if (await neverWorked.isChecked()) await neverWorked.uncheck();
  await advisor.getByLabel("Mois sans emploi").fill("0");
  for (const barrier of BARRIERS) await answer(advisor, barrier, "Aucun impact");
  await expect(advisor.getByRole("region", { name: "Proposition" }).getByText("Suivi et appui à la recherche d'emploi", { exact: true })).toBeVisible();
  await advisor.getByLabel("Mois sans emploi").press("Enter");
  await expect(advisor.getByRole("status").filter({ hasText: "confirmé" })).toBeVisible();
  if (files > 2) await expect(advisor.getByText(`1 / ${files - 2}`, { exact: true })).toBeVisible();

  await advisor.goto("/conseiller");
  if (files > 2) await expect(advisor.getByRole("link", { name: `Jour de tri : ${files - 2} dossier${files - 2 > 1 ? "s" : ""} à revoir` })).toBeVisible();

  // The board: two files done out of all, one advisor; the distribution against the reference.
  await page.getByRole("link", { name: `Tri ${modality}` }).click();
  await expect(page.getByRole("heading", { name: `Avancement : 2 dossier(s) revu(s) sur ${files}` })).toBeVisible();
  const progress = page.getByRole("region", { name: "Avancement par conseiller" });
  await expect(progress.getByRole("row", { name: /Camille Durand/ })).toContainText(`Camille Durand2${files - 2}`);
  await expect(page.getByRole("img", { name: /Répartition : Suivi : .*référence 30 %/ })).toBeVisible();
  await advisor.close();
});
