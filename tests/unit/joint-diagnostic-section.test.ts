/**
 * The joint diagnostic on the seeker's file and in the lists (docs/rules.md#joint-diagnostic), rendered from the read
 * query's rows: nothing when it is not due, the due date, the state and the appointment in French.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { JointDiagnosticSection } from "@/components/joint-diagnostic/JointDiagnosticSection";
import { JointDiagnosticTable } from "@/components/joint-diagnostic/JointDiagnosticTable";
import type { JointDiagnosticRow } from "@/server/queries/joint-diagnostics";

const row = (patch: Partial<JointDiagnosticRow> = {}): JointDiagnosticRow => ({
  state: "TO_BOOK",
  window: { from: "2025-12-10", to: "2026-06-10" },
  bookedOn: null,
  seekerId: "00000000-0000-4000-8000-000000000001",
  franceTravailId: "1234567A",
  firstName: "Léa",
  lastName: "Abel",
  advisor: { id: "00000000-0000-4000-8000-000000000002", name: "Alice Bernard" },
  socialWorkerId: null,
  bookedAt: null,
  orientation: null,
  contractSignedOn: "2025-12-10",
  ...patch,
});

const flat = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
const section = (diagnostic: JointDiagnosticRow | null) =>
  flat(
    renderToStaticMarkup(
      createElement(JointDiagnosticSection, { diagnostic: diagnostic && { ...diagnostic, timeZone: "Europe/Paris", agencyId: "a" }, canPlan: false }),
    ),
  );

describe("joint diagnostic on the file and in the lists", () => {
  it("shows nothing when it is not due or out of scope", () => {
    expect(section(null)).toBe("");
    expect(section(row({ state: "NOT_DUE", window: null }))).toBe("");
  });
  it("shows the signature, the due date, the state and the appointment", () => {
    const text = section(row({ state: "BOOKED", bookedOn: "2026-03-03", bookedAt: new Date("2026-03-03T13:30:00.000Z") }));
    expect(text).toContain("Diagnostic conjoint avec le département");
    expect(text).toContain("À faire au plus tard le mercredi 10 juin 2026");
    expect(text).toContain("État Planifié");
    expect(text).toMatch(/Rendez-vous 03\/03\/2026.*14 h 30/);
    expect(section(row({ state: "LATE" }))).toContain("État En retard");
  });
  it("lists each seeker with the advisor, the due date and the state; nothing when the list is empty", () => {
    const render = (rows: JointDiagnosticRow[]) =>
      flat(
        renderToStaticMarkup(
          createElement(JointDiagnosticTable, {
            rows,
            timeZone: "Europe/Paris",
            agencyId: "a",
            fileHref: (id) => `/x/${id}`,
            showAdvisor: true,
            canPlan: false,
          }),
        ),
      );
    expect(render([])).toBe("");
    const text = render([row(), row({ seekerId: "00000000-0000-4000-8000-000000000003", lastName: "Bas", state: "LATE" })]);
    expect(text).toContain("Diagnostics conjoints (2)");
    expect(text).toMatch(/Abel Léa Alice Bernard 10\/06\/2026 — À planifier/);
    expect(text).toContain("En retard");
  });
});
