import { expect, test, type Page } from "@playwright/test";
import { answerEveryQuestion, logIn as signIn } from "./support";

async function logIn(page: Page) {
  await signIn(page, "conseillere@modalis.demo");
  await expect(page).toHaveURL(/\/conseiller$/);
}

test("la conseillère trie quatre dossiers de la file : suivi, guidé, renforcé et une modification justifiée", async ({ page }) => {
  await logIn(page);
  await page.goto("/conseiller?vue=file");
  const queueBefore = Number((await page.getByRole("link", { name: /^À diagnostiquer/ }).textContent())?.match(/\((\d+)/)?.[1]);
  await page.getByRole("link", { name: "Diagnostiquer", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Entretien de diagnostic" })).toBeVisible();
  await expect(page.getByText(/^1 \/ \d+$/)).toBeVisible();
  const proposal = page.getByRole("region", { name: "Proposition" });
  const confirm = page.getByRole("button", { name: "Confirmer la proposition" });
  const firstQuestion = page.getByRole("group", { name: "Projet professionnel", exact: true }).getByLabel("Défini et réaliste", { exact: true });

  // Regression: the form opened pre-filled with the lightest answers and one Entrée confirmed « suivi ». Every question
  // starts unanswered, the focus on the first one; nothing is proposed and Entrée confirms nothing.
  await expect(firstQuestion).toBeFocused();
  await expect(firstQuestion).not.toBeChecked();
  await expect(proposal).toContainText("Reste à renseigner : Projet professionnel,");
  await expect(confirm).toBeDisabled();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "Les réponses sont incomplètes" })).toBeVisible();
  await expect(page.getByText(/^1 \/ \d+$/)).toBeVisible();

  // Regression: clearing the months was read as 0 months. An empty field is unanswered.
  await answerEveryQuestion(page, {}, "30");
  await expect(confirm).toBeEnabled();
  await page.getByLabel("Mois sans emploi").fill("");
  await expect(proposal).toContainText("Reste à renseigner : Mois sans emploi.");
  await expect(confirm).toBeDisabled();

  // A half-filled file: Alt + → asks before discarding it; declining keeps the file and its answers.
  const question = new Promise<string>((resolve) => page.once("dialog", (dialog) => void dialog.dismiss().then(() => resolve(dialog.message()))));
  await page.keyboard.press("Alt+ArrowRight");
  expect(await question).toContain("Les abandonner et changer de dossier ?");
  await expect(page.getByText(/^1 \/ \d+$/)).toBeVisible();
  await expect(firstQuestion).toBeChecked();

  // 1. Everything mastered, in work recently: suivi.
  await page.getByLabel("Mois sans emploi").fill("0");
  await expect(proposal.getByText("Suivi et appui à la recherche d'emploi", { exact: true })).toBeVisible();
  await confirm.click();
  await expect(page.getByRole("status")).toContainText("suivi et appui à la recherche d'emploi confirmé");
  expect(page.url()).not.toContain("fait=");

  // An untouched file is left without a question; each file opens on its first question.
  await expect(page.getByText(/^1 \/ \d+$/)).toBeVisible();
  await expect(firstQuestion).toBeFocused();
  await page.keyboard.press("Alt+ArrowRight");
  await expect(page.getByText(/^2 \/ \d+$/)).toBeVisible();
  await expect(firstQuestion).toBeFocused();
  await page.keyboard.press("Alt+ArrowLeft");
  await expect(page.getByText(/^1 \/ \d+$/)).toBeVisible();
  await expect(firstQuestion).toBeFocused();

  // 2. Job-search techniques partly mastered, never worked (« jamais travaillé » is a choice): guidé, confirmed
  // with Entrée from the portfolio's select.
  await answerEveryQuestion(page, { "Techniques de recherche d'emploi": "Partiellement maîtrisées" }, "jamais");
  await expect(proposal.getByText("Accompagnement guidé", { exact: true })).toBeVisible();
  await expect(proposal).toContainText("éloignement de l'emploi 2 (n'a jamais travaillé)");
  await page.getByRole("combobox", { name: "Portefeuille" }).press("Enter");
  await expect(page.getByRole("status")).toContainText("accompagnement guidé confirmé");

  const renforceId = (await page.locator("main span.font-mono").first().textContent())?.trim() ?? "";
  // 3. Professional score 7: renforcé, with the reasons naming the score.
  await answerEveryQuestion(
    page,
    {
      "Projet professionnel": "À construire, ou irréaliste",
      "Compétences au regard du marché local": "À acquérir (formation)",
      "Techniques de recherche d'emploi": "Non maîtrisées",
      "Autonomie numérique": "Usage de base, a besoin d'aide",
    },
    "0",
  );
  await expect(proposal.getByText("Accompagnement renforcé", { exact: true })).toBeVisible();
  await expect(proposal.getByText("Score professionnel : 7 / 12.", { exact: true })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("accompagnement renforcé confirmé");

  // 4. Suivi proposed, guidé chosen: the justification is required.
  await answerEveryQuestion(page, {}, "2");
  await page.getByRole("radio", { name: "Accompagnement guidé" }).check();
  await page.getByRole("button", { name: "Valider la modalité choisie" }).click();
  await expect(page.getByLabel("Justification de la modification (obligatoire)")).toBeFocused();
  await page.getByLabel("Justification de la modification (obligatoire)").fill("Souhaite un accompagnement rapproché après un long arrêt maladie.");
  await page.getByRole("button", { name: "Valider la modalité choisie" }).click();
  await expect(page.getByRole("status")).toContainText("accompagnement guidé confirmé");

  await page.goto("/conseiller?vue=file");
  await expect(page.getByRole("link", { name: /^À diagnostiquer/ })).toContainText(`(${queueBefore - 4},`);

  // The renforcé seeker's file: M4 and M9 booked on working days, inside the agency's afternoon hours.
  await page.goto(`/conseiller?q=${renforceId}`);
  await page.getByRole("region", { name: "Demandeurs d'emploi" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/conseiller\/demandeurs\//);
  const reviews = page.getByRole("region", { name: "Bilans obligatoires" });
  await expect(reviews.getByText(/ à \d{1,2} h \d{2} · Planifié$/)).toHaveCount(2);
  const slots = await reviews.getByText(/ à \d{1,2} h \d{2} · Planifié$/).allTextContents();
  for (const slot of slots) {
    const [, weekday, hour, minute] = slot.match(/^(\p{L}+) .* à (\d{1,2}) h (\d{2})/u) ?? [];
    expect(["lundi", "mardi", "mercredi", "jeudi", "vendredi"]).toContain(weekday);
    const minutes = Number(hour) * 60 + Number(minute);
    expect(minutes).toBeGreaterThanOrEqual(13 * 60 + 30);
    expect(minutes).toBeLessThanOrEqual(16 * 60);
  }
  await expect(page.getByRole("region", { name: "Diagnostics" })).toContainText("proposé : Accompagnement renforcé, décidé : Accompagnement renforcé");
});

test("la conseillère note une absence puis reporte un rendez-vous", async ({ page }) => {
  await logIn(page);
  // Not the seeker whose e-mail address bounced (its failed convocation is tests/e2e/messages.spec.ts's subject, and
  // moving that appointment would cancel the message): their names are in the caseload's failed-messages notice.
  await page.goto("/conseiller");
  const failedNotice = page.getByRole("status").filter({ hasText: /n'a pas pu partir|n'ont pas pu partir/ });
  const bounced = (await failedNotice.count()) > 0 ? await failedNotice.getByRole("link").allInnerTexts() : [];
  await page.goto("/conseiller?filtre=a-renseigner");
  const candidates = page.getByRole("region", { name: "Demandeurs d'emploi" }).getByRole("link");
  const names = await candidates.allInnerTexts();
  // « Marie Dupont » in the notice, « DUPONT Marie » in the list: compared as sets of words.
  const person = (name: string) => name.toLowerCase().split(/\s+/).filter(Boolean).sort().join(" ");
  const index = names.findIndex((name) => !bounced.map(person).includes(person(name)));
  await candidates.nth(Math.max(0, index)).click();
  await expect(page).toHaveURL(/\/conseiller\/demandeurs\//);
  const past = page.getByRole("region", { name: "Rendez-vous passés" });
  const toRecord = past.getByRole("listitem").filter({ hasText: "À renseigner" }).first();
  await toRecord.getByRole("button", { name: "Absent·e" }).click();
  // The page's flash (a file may also show a status notice, e.g. an e-mail address that bounced).
  await expect(page.getByRole("status").filter({ hasText: "Absence enregistrée." })).toHaveText("Absence enregistrée.");
  // The message is kept by the tab, never written in the address.
  expect(page.url()).not.toContain("fait=");

  const upcoming = page.getByRole("region", { name: "Rendez-vous à venir" });
  const cancelledBefore = await upcoming.getByText(/ — Annulé$/).count();
  // « Reporter » offers the free slots the rule allows (issue 15): the advisor picks one and a channel.
  await upcoming
    .getByRole("link", { name: /^Reporter le rendez-vous du / })
    .first()
    .click();
  const form = page.getByRole("form", { name: "Reporter le rendez-vous" });
  await expect(form).toBeVisible();
  const slots = form.getByRole("group", { name: "Créneaux libres" }).getByRole("radio");
  await expect(slots.first()).toBeVisible();
  await form.getByRole("link", { name: "Voir les créneaux suivants" }).click();
  await expect(form.getByRole("link", { name: "Revenir aux premiers créneaux" })).toBeVisible();
  const chosen = (await slots.first().locator("xpath=..").innerText()).replace(" (après la fenêtre)", "").trim();
  await slots.first().check();
  await form.getByLabel("Canal").selectOption("PHONE");
  await form.getByRole("button", { name: "Déplacer le rendez-vous" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rendez-vous déplacé" })).toContainText(`Rendez-vous déplacé au ${chosen}.`);
  await expect(upcoming.getByText(/ — Annulé$/)).toHaveCount(cancelledBefore + 1);
  await expect(upcoming.getByText(chosen)).toHaveCount(1);

  // « Annuler » names its appointment and asks first (issue 15): « Non, le garder » changes nothing, « Oui » cancels.
  const cancel = upcoming.getByRole("button", { name: /^Annuler le rendez-vous du / }).first();
  const cancelName = (await cancel.getAttribute("aria-label")) ?? (await cancel.innerText());
  await cancel.click();
  await page.getByRole("button", { name: "Non, le garder" }).click();
  await expect(upcoming.getByText(/ — Annulé$/)).toHaveCount(cancelledBefore + 1);
  await expect(upcoming.getByRole("button", { name: cancelName })).toBeFocused();
  await upcoming.getByRole("button", { name: cancelName }).click();
  await page.getByRole("button", { name: "Oui, annuler le rendez-vous" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rendez-vous annulé." })).toHaveText("Rendez-vous annulé.");
  await expect(upcoming.getByText(/ — Annulé$/)).toHaveCount(cancelledBefore + 2);
});
