/**
 * The caseload's seekers and agenda rendered by a client component from plain data (bench measure 1): the markup is the
 * one the server page rendered itself before (the page's former JSX, rendered once and kept here as the reference).
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AgendaList, AgendaListMarkup, CaseloadRows, CaseloadRowsMarkup, type AgendaListEntry, type CaseloadListRow } from "@/app/conseiller/CaseloadLists";

const ROWS: CaseloadListRow[] = [
  {
    id: "00000000-0000-4000-8000-000000000001",
    name: "DUPONT Marie",
    franceTravailId: "1234567A",
    modality: "Guidé · 100 % web",
    reviews: { M4: "OVERDUE", M9: "NOT_YET" },
    contactsMissing: null,
    next: "23/11/2026 14 h 00 · Bilan du 4e mois",
  },
  {
    id: "00000000-0000-4000-8000-000000000002",
    name: "ÉMERAUDE Zoé",
    franceTravailId: "7654321B",
    modality: "—",
    reviews: null,
    contactsMissing: null,
    next: "Aucun rendez-vous prévu",
  },
  {
    id: "00000000-0000-4000-8000-000000000003",
    name: "MARTIN <b>Léa</b>",
    franceTravailId: "1111111C",
    modality: "Suivi",
    reviews: { M4: "DONE", M9: "SCHEDULED" },
    contactsMissing: null,
    next: "Aucun rendez-vous prévu",
  },
];

/** The former server markup of these rows (src/app/conseiller/page.tsx at 1a40a31). */
const FORMER_ROWS =
  '<ul class="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">' +
  '<li class="grid gap-1 p-3 sm:grid-cols-[2fr_1fr_2fr]"><div><a class="font-medium text-brand-700 underline" href="/conseiller/demandeurs/00000000-0000-4000-8000-000000000001">DUPONT Marie</a><p class="font-mono text-sm text-slate-700">1234567A</p></div><div class="text-sm"><p>Guidé · 100 % web</p><p class="mt-1 flex gap-1"><span class="rounded px-1.5 py-0.5 text-xs font-medium bg-red-100 text-red-900">M4 en retard</span><span class="rounded px-1.5 py-0.5 text-xs font-medium bg-slate-100 text-slate-800">M9 à venir</span></p></div><p class="text-sm">23/11/2026 14 h 00 · Bilan du 4e mois</p></li>' +
  '<li class="grid gap-1 p-3 sm:grid-cols-[2fr_1fr_2fr]"><div><a class="font-medium text-brand-700 underline" href="/conseiller/demandeurs/00000000-0000-4000-8000-000000000002">ÉMERAUDE Zoé</a><p class="font-mono text-sm text-slate-700">7654321B</p></div><div class="text-sm"><p>—</p><p class="mt-1 flex gap-1"><span class="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-800">En attente du diagnostic</span></p></div><p class="text-sm">Aucun rendez-vous prévu</p></li>' +
  '<li class="grid gap-1 p-3 sm:grid-cols-[2fr_1fr_2fr]"><div><a class="font-medium text-brand-700 underline" href="/conseiller/demandeurs/00000000-0000-4000-8000-000000000003">MARTIN &lt;b&gt;Léa&lt;/b&gt;</a><p class="font-mono text-sm text-slate-700">1111111C</p></div><div class="text-sm"><p>Suivi</p><p class="mt-1 flex gap-1"><span class="rounded px-1.5 py-0.5 text-xs font-medium bg-green-100 text-green-900">M4 fait</span><span class="rounded px-1.5 py-0.5 text-xs font-medium bg-blue-100 text-blue-900">M9 prévu</span></p></div><p class="text-sm">Aucun rendez-vous prévu</p></li>' +
  "</ul>";

const AGENDA: AgendaListEntry[] = [
  { id: "a1", when: "mercredi 18 novembre 2026 à 14 h 30", seekerId: "s1", seekerName: "Test Martin", detail: "Suivi · En agence · Prévu" },
  { id: "a2", when: "lundi 23 novembre 2026 à 14 h 00", seekerId: null, seekerName: "Test Autre", detail: "Bilan du 4e mois · Téléphone · Prévu" },
];

describe("the caseload's lists rendered from plain data", () => {
  it("render the seekers' rows with the page's former markup, badges and texts escaped", () => {
    expect(renderToStaticMarkup(createElement(CaseloadRowsMarkup, { rows: ROWS }))).toBe(FORMER_ROWS);
    expect(renderToStaticMarkup(createElement(CaseloadRowsMarkup, { rows: [] }))).toContain("Aucun demandeur d&#x27;emploi ne correspond.");
  });

  it("render the agenda, the seeker's name a link only when the advisor may open the file", () => {
    const html = renderToStaticMarkup(createElement(AgendaListMarkup, { entries: AGENDA }));
    expect(html).toContain('mercredi 18 novembre 2026 à 14 h 30 — <a class="text-brand-700 underline" href="/conseiller/demandeurs/s1">Test Martin</a>');
    expect(html).toContain("lundi 23 novembre 2026 à 14 h 00 — Test Autre</p>");
    expect(html).toContain('<p class="text-slate-700">Bilan du 4e mois · Téléphone · Prévu</p>');
    expect(renderToStaticMarkup(createElement(AgendaListMarkup, { entries: [] }))).toContain("Aucun rendez-vous cette semaine.");
  });

  it("ship no list markup in the server's HTML: a notice stands in their place until the browser renders them", () => {
    const rows = renderToStaticMarkup(createElement(CaseloadRows, { rows: ROWS }));
    expect(rows).not.toContain("DUPONT Marie");
    expect(rows).toContain('<p role="status">Demandeurs d&#x27;emploi : chargement…</p>');
    expect(rows).toContain("<noscript>");
    const agenda = renderToStaticMarkup(createElement(AgendaList, { entries: AGENDA }));
    expect(agenda).not.toContain("Test Martin");
    expect(agenda).toContain('<p role="status">Mon agenda : chargement…</p>');
  });
});
