import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { logIn as signIn } from "./support";

async function logInAsManager(page: Page) {
  await signIn(page, "directrice@modalis.demo");
  await expect(page).toHaveURL(/\/agence$/);
}

/** « 12/03/2026 » → a comparable « 2026-03-12 ». */
const iso = (frenchDate: string) => frenchDate.split("/").reverse().join("-");

test("la directrice ouvre les bilans M4 en retard, filtre par conseillère et télécharge le CSV", async ({ page }) => {
  await logInAsManager(page);
  await page.goto("/agence/bilans?bilan=M4&etat=OVERDUE");
  await expect(page.getByRole("heading", { level: 1, name: "Bilans M4 en retard" })).toBeVisible();
  await expect(page).toHaveTitle(/Bilans M4 en retard/);
  await expect(page.getByRole("link", { name: "← Retour au tableau de bord" })).toHaveAttribute("href", "/agence");

  const table = page.getByRole("table", { name: /^Bilans M4 en retard : / });
  const caption = (await table.locator("caption").textContent()) ?? "";
  const total = Number(caption.match(/: ([\d\s\u202f]+) demandeur/)?.[1]?.replace(/\D/g, ""));
  expect(total).toBeGreaterThan(0);
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(Math.min(total, 25));
  // Every row: an identifier, a window « du … au … » and a positive number of days overdue.
  const first = rows.first().locator("td, th");
  await expect(first.nth(0)).toHaveText(/^\d{7}[A-Z]$/);
  await expect(first.nth(3)).toHaveText(/^du \d{2}\/\d{2}\/\d{4} au \d{2}\/\d{2}\/\d{4}$/);
  expect(Number(await first.nth(5).textContent())).toBeGreaterThan(0);
  // The tab of the current state carries the same count.
  await expect(page.getByRole("navigation", { name: "État du bilan" }).getByRole("link", { name: /^En retard/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "État du bilan" }).getByRole("link", { name: /^En retard/ })).toContainText(`(${total})`);

  // The missing reviews of the agency: a preview first, nothing written.
  const booking = page.getByRole("region", { name: "Réserver les bilans manquants" });
  await booking.getByRole("button", { name: "Voir l'aperçu" }).click();
  await expect(booking.getByText("Aperçu (rien n'est encore réservé) :")).toBeVisible();
  await expect(booking.getByText(/déjà planifiés? ou faits?/)).toBeVisible();

  // The CSV holds every overdue M4 of the agency, for French Excel.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /Télécharger \(CSV\)/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^bilans-M4-en-retard-76-ROUEN-RG-\d{2}-\d{2}-\d{4}\.csv$/);
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString("utf8").split("\r\n");
  expect(lines[0]).toBe("Identifiant;Nom;Prénom;Bilan;Conseiller·ère;Début de la fenêtre;Fin de la fenêtre;Jours de retard");
  expect(lines.at(-1)).toBe("");
  const records = lines.slice(1, -1).map((line) => line.split(";"));
  expect(records).toHaveLength(total);
  for (const record of records) {
    expect(record).toHaveLength(8);
    expect(record[3]).toBe("M4");
    expect(record[5]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(record[6]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(Number(record[7])).toBeGreaterThan(0);
  }
  // The page's first row is the file's first record.
  expect(records[0]![0]).toBe((await first.nth(0).textContent())?.trim());

  // Filtering by one advisor keeps only their seekers.
  const select = page.getByLabel("Conseiller·ère");
  const advisor = (await select.locator("option").nth(1).textContent())?.trim() ?? "";
  await select.selectOption({ label: advisor });
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/conseiller=/);
  const filtered = page.getByRole("table", { name: /^Bilans M4 en retard : / });
  const filteredTotal = Number(((await filtered.locator("caption").textContent()) ?? "").match(/: ([\d\s\u202f]+) demandeur/)?.[1]?.replace(/\D/g, ""));
  expect(filteredTotal).toBe(records.filter((record) => record[4] === advisor).length);
  expect(filteredTotal).toBeLessThan(total);
  if (filteredTotal > 0) {
    const advisorCells = filtered.locator("tbody tr").locator("td:nth-of-type(2)");
    await expect(advisorCells).toHaveCount(Math.min(filteredTotal, 25));
    expect(new Set(await advisorCells.allTextContents())).toEqual(new Set([advisor]));
  }
});

test("la directrice voit la file du premier entretien, la plus ancienne inscription en tête", async ({ page }) => {
  await logInAsManager(page);
  await page.goto("/agence/attente");
  await expect(page.getByRole("heading", { level: 1, name: "Premiers entretiens en attente" })).toBeVisible();
  const table = page.getByRole("table", { name: /les plus anciens d'abord/ });
  const rows = table.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(1);
  const dates = (await rows.locator("td:nth-of-type(2)").allTextContents()).map((text) => iso(text.trim()));
  const waits = (await rows.locator("td:nth-of-type(3)").allTextContents()).map((text) => Number(text.replace(/\D/g, "")));
  expect(dates.every((date) => /^\d{4}-\d{2}-\d{2}$/.test(date))).toBe(true);
  expect([...dates].sort()).toEqual(dates);
  expect(waits[0]).toBe(Math.max(...waits));
  // The header figures: the same count as the dashboard's, the deadline, the median delay and the share on time.
  await expect(page.getByText("En attente", { exact: true })).toBeVisible();
  await expect(page.getByText("Délai médian inscription → premier entretien")).toBeVisible();
  await expect(page.getByText("Reçus dans le délai")).toBeVisible();
  // Booking the first interviews: the figures, then a preview that writes nothing (the confirmation is covered by
  // tests/integration/first-interviews.test.ts, so the shared demo data stays as other specs expect it).
  await expect(page.getByText("Réservés dans le délai", { exact: true })).toBeVisible();
  await expect(page.getByText("Réservés après le délai", { exact: true })).toBeVisible();
  const planning = page.getByRole("region", { name: "Planifier les premiers entretiens" });
  await planning.getByRole("button", { name: "Voir l'aperçu" }).click();
  await expect(planning.getByText("Aperçu (rien n'est encore réservé) :")).toBeVisible();
  await expect(planning.getByText(/demandeurs? ayant déjà son premier entretien/)).toBeVisible();
  // The oldest registration on the dashboard is the first row here.
  await page.goto("/agence");
  const oldest = await page.getByText(/le plus ancien attend depuis (\d+) jours/).textContent();
  expect(Number(oldest?.match(/depuis (\d+) jours/)?.[1])).toBe(waits[0]);
});

/** A name's first letter, accents and ligatures folded, lower case: « Écharde » → « e », « ŒILLET » → « o ». */
const initialOf = (name: string) =>
  name
    .trim()
    .replace(/^Œ/i, "o")
    .replace(/^Æ/i, "a")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .charAt(0)
    .toLowerCase();

test("la directrice trie un portefeuille par nom décroissant puis ouvre le dossier d'un demandeur depuis sa ligne", async ({ page }) => {
  await logInAsManager(page);
  const charges = page.getByRole("region", { name: "Charges par conseiller et modalité" });
  await charges.getByRole("row").filter({ hasText: "Guidé" }).first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: /^Portefeuille guidé d/ })).toBeVisible();
  const portfolioPath = new URL(page.url()).pathname;

  // By name, A to Z, by default: the header says so.
  const table = page.getByRole("region", { name: "Tableau des demandeurs du portefeuille" }).getByRole("table");
  const nameHeader = table.getByRole("columnheader", { name: /^Nom/ });
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  const ascending = (await table.locator("tbody tr th").allTextContents()).map(initialOf);
  expect(ascending.length).toBeGreaterThan(1);

  // A click on « Nom » sorts Z to A, in the address too (a link to share).
  await nameHeader.getByRole("link", { name: /^Nom : trier par ordre décroissant/ }).click();
  await expect(page).toHaveURL(/[?&]tri=nom&ordre=desc/);
  await expect(table.getByRole("columnheader", { name: /^Nom/ })).toHaveAttribute("aria-sort", "descending");
  await expect(table.getByRole("columnheader", { name: /^Identifiant France Travail/ })).not.toHaveAttribute("aria-sort", /.+/);
  const descending = (await table.locator("tbody tr th").allTextContents()).map(initialOf);
  expect(descending.length).toBe(ascending.length);
  for (let i = 1; i < descending.length; i += 1) expect(descending[i]! <= descending[i - 1]!, descending.join(" ")).toBe(true);
  expect(descending[0]! >= ascending.at(-1)!).toBe(true);
  // The pages of the list keep the sort.
  const next = page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Page suivante →" });
  if (await next.count()) await expect(next).toHaveAttribute("href", /tri=nom&ordre=desc/);

  // The first seeker of this order with an appointment to come: their name opens their file.
  const row = table
    .locator("tbody tr")
    .filter({ has: page.locator("td:last-child", { hasText: /^[1-9]\d*$/ }) })
    .first();
  const name = (await row.locator("th").textContent())!.trim();
  await row.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/agence\/demandeurs\/[0-9a-f-]{36}$/);
  await expect(page).toHaveTitle(/Dossier du demandeur d'emploi/);
  await expect(page.getByRole("link", { name: /^← Retour à l'agence Rouen/ })).toHaveAttribute("href", "/agence");

  // The modality and the portfolio it came from.
  const modality = page.getByRole("region", { name: "Accompagnement", exact: true });
  await expect(modality).toContainText("Accompagnement guidé");
  await expect(modality.getByRole("link", { name: /^Portefeuille d/ })).toHaveAttribute("href", portfolioPath);
  // The appointments to come (one at least, as the table said), each with its status and whom it is with.
  const upcoming = page.getByRole("region", { name: "Rendez-vous à venir" }).getByRole("listitem");
  expect(await upcoming.count()).toBeGreaterThan(0);
  await expect(upcoming.first()).toContainText(/ — (Planifié|Honoré|Absent|Absence excusée|Annulé|À renseigner)/);
  await expect(upcoming.first()).toContainText(/ · avec \S+/);
  await expect(page.getByRole("region", { name: "Rendez-vous passés" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Historique des modalités" })).toContainText("Accompagnement guidé");
  await expect(page.getByRole("region", { name: "Diagnostics" })).toBeVisible();
  // Nothing of the barriers, and no button acts on an appointment: the only buttons are the file's life cycle
  // (docs/rules.md#exits-reopening-and-transfers).
  await expect(page.getByRole("main").getByRole("button")).toHaveText(["Clore le dossier", "Transférer vers une autre agence"]);
  await expect(page.getByRole("region", { name: /Freins/ })).toHaveCount(0);
});
