/**
 * Breaches under the 2025 offer (docs/rules.md#breaches-2025): the state machine (REPORTED → NOTIFIED →
 * ANSWERED / DEADLINE_PASSED → DECIDED → LIFTED), the 10-day answer deadline (inclusive), what may be recorded when,
 * the 24-month window of repeated breaches, and the plain-French steps told to the person.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addDays,
  breachSituation,
  breachStepTexts,
  checkBreachReport,
  checkBreachStep,
  repeatedBreachUntil,
  type BreachRecord,
  type BreachStep,
} from "@/domain";

const reported: BreachRecord = { occurredOn: "2026-03-02", steps: [] };
const notified: BreachRecord = { occurredOn: "2026-03-02", steps: [{ kind: "NOTIFIED", on: "2026-03-05" }] };
const answered: BreachRecord = { ...notified, steps: [...notified.steps, { kind: "ANSWERED", on: "2026-03-10", answerKind: "WRITTEN" }] };
const sanction = (base: BreachRecord, on: string): BreachRecord => ({ ...base, steps: [...base.steps, { kind: "DECIDED", on, decisionKind: "SANCTION" }] });
const noFollowUp = (base: BreachRecord, on: string): BreachRecord => ({
  ...base,
  steps: [...base.steps, { kind: "DECIDED", on, decisionKind: "NO_FURTHER_ACTION" }],
});

describe("breachSituation — the state and the answer deadline", () => {
  it("a reported breach waits for its notice; no deadline yet", () => {
    expect(breachSituation(reported, "2026-03-03")).toEqual({
      state: "REPORTED",
      notifiedOn: null,
      answerDeadline: null,
      deadlinePassed: false,
      daysLeftToAnswer: null,
      lateAnswer: false,
      next: ["NOTIFIED"],
    });
  });

  it("the notice gives 10 days, the deadline's day included; the day after, the deadline has passed", () => {
    expect(breachSituation(notified, "2026-03-05")).toMatchObject({
      state: "NOTIFIED",
      answerDeadline: "2026-03-15",
      daysLeftToAnswer: 10,
      next: ["ANSWERED"],
    });
    expect(breachSituation(notified, "2026-03-15")).toMatchObject({ state: "NOTIFIED", deadlinePassed: false, daysLeftToAnswer: 0 });
    expect(breachSituation(notified, "2026-03-16")).toMatchObject({
      state: "DEADLINE_PASSED",
      deadlinePassed: true,
      daysLeftToAnswer: null,
      next: ["ANSWERED", "DECIDED"],
    });
  });

  it("the deadline crosses months and years by calendar days", () => {
    const late: BreachRecord = { occurredOn: "2026-12-20", steps: [{ kind: "NOTIFIED", on: "2026-12-28" }] };
    expect(breachSituation(late, "2026-12-28").answerDeadline).toBe("2027-01-07");
    const feb: BreachRecord = { occurredOn: "2028-02-20", steps: [{ kind: "NOTIFIED", on: "2028-02-25" }] };
    expect(breachSituation(feb, "2028-02-25").answerDeadline).toBe("2028-03-06");
  });

  it("answered: waits for the decision; an answer after the deadline is flagged late", () => {
    expect(breachSituation(answered, "2026-03-20")).toMatchObject({ state: "ANSWERED", lateAnswer: false, next: ["DECIDED"] });
    const lateAnswer: BreachRecord = { ...notified, steps: [...notified.steps, { kind: "ANSWERED", on: "2026-03-16", answerKind: "HEARING_REQUESTED" }] };
    expect(breachSituation(lateAnswer, "2026-03-20")).toMatchObject({ state: "ANSWERED", lateAnswer: true });
  });

  it("decided: a sanction may be lifted, « pas de suite » ends the breach; lifted ends it", () => {
    expect(breachSituation(sanction(answered, "2026-03-20"), "2026-03-21")).toMatchObject({ state: "DECIDED", next: ["LIFTED"] });
    expect(breachSituation(noFollowUp(answered, "2026-03-20"), "2026-03-21")).toMatchObject({ state: "DECIDED", next: [] });
    const lifted: BreachRecord = {
      ...sanction(answered, "2026-03-20"),
      steps: [...sanction(answered, "2026-03-20").steps, { kind: "LIFTED", on: "2026-04-01" }],
    };
    expect(breachSituation(lifted, "2026-04-02")).toMatchObject({ state: "LIFTED", next: [] });
  });

  it("property: the deadline is always the notice + 10 days, never before it; passed exactly after it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 40 }), (offset, wait) => {
        const noticeOn = addDays("2000-01-01", offset);
        const record: BreachRecord = { occurredOn: noticeOn, steps: [{ kind: "NOTIFIED", on: noticeOn }] };
        const s = breachSituation(record, addDays(noticeOn, wait));
        expect(s.answerDeadline).toBe(addDays(noticeOn, 10));
        expect(s.deadlinePassed).toBe(wait > 10);
        expect(s.state).toBe(wait > 10 ? "DEADLINE_PASSED" : "NOTIFIED");
      }),
    );
  });
});

describe("checkBreachStep — what may be recorded when, with which date", () => {
  const today = "2026-03-30";
  it("the report: a valid day, not in the future", () => {
    expect(checkBreachReport("2026-03-30", today)).toEqual({ ok: true });
    expect(checkBreachReport("2026-03-31", today)).toMatchObject({ ok: false, code: "FUTURE" });
    expect(checkBreachReport("2026-02-30", today)).toMatchObject({ ok: false, code: "INVALID_DATE" });
  });

  it("the notice: once, after the report, not before the breach, not in the future", () => {
    expect(checkBreachStep(reported, { kind: "NOTIFIED", on: "2026-03-02" }, today)).toEqual({ ok: true });
    expect(checkBreachStep(reported, { kind: "NOTIFIED", on: "2026-03-01" }, today)).toMatchObject({ ok: false, code: "TOO_EARLY" });
    expect(checkBreachStep(reported, { kind: "NOTIFIED", on: "2026-03-31" }, today)).toMatchObject({ ok: false, code: "FUTURE" });
    expect(checkBreachStep(notified, { kind: "NOTIFIED", on: "2026-03-06" }, today)).toMatchObject({ ok: false, code: "NOT_NOW" });
  });

  it("the answer: only after the notice, not before it, and never after the decision", () => {
    expect(checkBreachStep(reported, { kind: "ANSWERED", on: "2026-03-10" }, today)).toMatchObject({ ok: false, code: "NOT_NOW" });
    expect(checkBreachStep(notified, { kind: "ANSWERED", on: "2026-03-04" }, today)).toMatchObject({ ok: false, code: "TOO_EARLY" });
    expect(checkBreachStep(notified, { kind: "ANSWERED", on: "2026-03-05" }, today)).toEqual({ ok: true });
    // Late (the deadline was 15 March): still recorded, flagged late.
    expect(checkBreachStep(notified, { kind: "ANSWERED", on: "2026-03-20" }, today)).toEqual({ ok: true });
    expect(checkBreachStep(answered, { kind: "ANSWERED", on: "2026-03-12" }, today)).toMatchObject({ ok: false, code: "NOT_NOW" });
    expect(checkBreachStep(sanction(notified, "2026-03-20"), { kind: "ANSWERED", on: "2026-03-21" }, today)).toMatchObject({ ok: false, code: "NOT_NOW" });
  });

  it("the decision never cuts the 10 days short: refused while the person may still answer", () => {
    expect(checkBreachStep(reported, { kind: "DECIDED", on: "2026-03-20" }, today)).toMatchObject({ ok: false, code: "NOT_NOW" });
    // Today is within the 10 days: nothing may be decided yet.
    expect(checkBreachStep(notified, { kind: "DECIDED", on: "2026-03-10" }, "2026-03-10")).toMatchObject({ ok: false, code: "NOT_NOW" });
    expect(checkBreachStep(notified, { kind: "DECIDED", on: "2026-03-15" }, "2026-03-15")).toMatchObject({ ok: false, code: "NOT_NOW" });
    // Deadline passed without an answer: dated after the deadline only.
    expect(checkBreachStep(notified, { kind: "DECIDED", on: "2026-03-15" }, today)).toMatchObject({ ok: false, code: "TOO_EARLY" });
    expect(checkBreachStep(notified, { kind: "DECIDED", on: "2026-03-16" }, today)).toEqual({ ok: true });
    // Answered: the decision may come right after the answer, not before it.
    expect(checkBreachStep(answered, { kind: "DECIDED", on: "2026-03-10" }, today)).toEqual({ ok: true });
    expect(checkBreachStep(answered, { kind: "DECIDED", on: "2026-03-09" }, today)).toMatchObject({ ok: false, code: "TOO_EARLY" });
    expect(checkBreachStep(sanction(answered, "2026-03-12"), { kind: "DECIDED", on: "2026-03-13" }, today)).toMatchObject({ ok: false, code: "NOT_NOW" });
  });

  it("the lifting: a sanction only, once, not before the decision", () => {
    expect(checkBreachStep(answered, { kind: "LIFTED", on: "2026-03-20" }, today)).toMatchObject({ ok: false, code: "NOT_NOW" });
    expect(checkBreachStep(noFollowUp(answered, "2026-03-12"), { kind: "LIFTED", on: "2026-03-20" }, today)).toMatchObject({ ok: false, code: "NOT_NOW" });
    expect(checkBreachStep(sanction(answered, "2026-03-12"), { kind: "LIFTED", on: "2026-03-11" }, today)).toMatchObject({ ok: false, code: "TOO_EARLY" });
    const decided = sanction(answered, "2026-03-12");
    expect(checkBreachStep(decided, { kind: "LIFTED", on: "2026-03-12" }, today)).toEqual({ ok: true });
    const lifted: BreachRecord = { ...decided, steps: [...decided.steps, { kind: "LIFTED", on: "2026-03-20" }] };
    expect(checkBreachStep(lifted, { kind: "LIFTED", on: "2026-03-21" }, today)).toMatchObject({ ok: false, code: "NOT_NOW" });
  });

  it("every refusal says why in French", () => {
    const result = checkBreachStep(notified, { kind: "DECIDED", on: "2026-03-15" }, today);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/délai de réponse .* 15\/03\/2026/);
  });

  it("property: a recorded step is never dated in the future nor before the step it follows", () => {
    const kinds = ["NOTIFIED", "ANSWERED", "DECIDED", "LIFTED"] as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), fc.integer({ min: -5, max: 40 }), fc.boolean()), { maxLength: 8 }), (attempts) => {
        let record: BreachRecord = { occurredOn: "2026-01-10", steps: [] };
        const todayOf = "2026-02-10";
        for (const [kind, offset, sanctioned] of attempts) {
          const on = addDays("2026-01-10", offset);
          if (checkBreachStep(record, { kind, on }, todayOf).ok) {
            const step: BreachStep = { kind, on, ...(kind === "DECIDED" ? { decisionKind: sanctioned ? "SANCTION" : "NO_FURTHER_ACTION" } : {}) };
            record = { ...record, steps: [...record.steps, step] };
          }
        }
        const on = (k: string) => record.steps.find((s) => s.kind === k)?.on;
        for (const s of record.steps) expect(s.on <= todayOf && s.on >= record.occurredOn).toBe(true);
        if (on("ANSWERED")) expect(on("ANSWERED")! >= on("NOTIFIED")!).toBe(true);
        if (on("DECIDED")) {
          expect(on("NOTIFIED")).toBeDefined();
          if (!on("ANSWERED")) expect(on("DECIDED")! > addDays(on("NOTIFIED")!, 10)).toBe(true);
        }
        if (on("LIFTED")) expect(record.steps.find((s) => s.kind === "DECIDED")?.decisionKind).toBe("SANCTION");
        expect(new Set(record.steps.map((s) => s.kind)).size).toBe(record.steps.length);
      }),
    );
  });
});

describe("repeatedBreachUntil — 24 months after a first sanction", () => {
  it("counts as repeated until the first sanction + 24 months inclusive (month-end clamped), then no more", () => {
    expect(repeatedBreachUntil(["2024-02-29"], "2026-02-28")).toBe("2026-02-28");
    expect(repeatedBreachUntil(["2024-02-29"], "2026-03-01")).toBeNull();
    expect(repeatedBreachUntil([], "2026-03-01")).toBeNull();
    // A sanction after the breach does not count.
    expect(repeatedBreachUntil(["2026-04-01"], "2026-03-01")).toBeNull();
    // The first sanction whose window still runs.
    expect(repeatedBreachUntil(["2026-01-10", "2023-01-10"], "2026-03-01")).toBe("2028-01-10");
  });
});

describe("breachStepTexts — the steps told to the person", () => {
  it("reported: not a sanction; a letter may come with 10 days to answer", () => {
    const texts = breachStepTexts({ ...reported, obligation: "APPOINTMENT_MISSED" }, "2026-03-03");
    expect(texts.map((t) => t.title)).toEqual(["Un manquement est signalé", "Vous recevez un courrier"]);
    expect(texts[0]!.text).toContain("absence à un rendez-vous");
    expect(texts[0]!.text).toContain("Ce n'est pas une sanction");
    expect(texts[1]!.text).toContain("10 jours");
  });

  it("notified: the days left and the last day, in words", () => {
    const texts = breachStepTexts({ ...notified, obligation: "ACTIONS_NOT_DONE" }, "2026-03-12");
    expect(texts.find((t) => t.title === "Vous avez reçu un courrier")!.text).toContain("jusqu'au 15/03/2026 inclus");
    expect(texts.find((t) => t.title === "Votre réponse")!.text).toBe("Il vous reste 3 jours pour répondre (jusqu'au 15/03/2026).");
    expect(breachStepTexts({ ...notified, obligation: "ACTIONS_NOT_DONE" }, "2026-03-15").find((t) => t.title === "Votre réponse")!.text).toContain(
      "Il vous reste aujourd'hui",
    );
    expect(breachStepTexts({ ...notified, obligation: "ACTIONS_NOT_DONE" }, "2026-03-16").find((t) => t.title === "Votre réponse")!.text).toContain(
      "Le délai de 10 jours est passé le 15/03/2026",
    );
  });

  it("decided and lifted: the decision as entered, never computed; how it ends", () => {
    const decided = { ...sanction(answered, "2026-03-20"), obligation: "CONTRACT_REFUSED" as const, decisionText: "suspension d'un mois" };
    const texts = breachStepTexts(decided, "2026-03-21");
    expect(texts.find((t) => t.title === "La décision")!.text).toContain("Décision : suspension d'un mois.");
    expect(texts.at(-1)).toMatchObject({ title: "Reprendre vos démarches", done: false });
    const lifted = { ...decided, steps: [...decided.steps, { kind: "LIFTED" as const, on: "2026-04-01" }] };
    expect(breachStepTexts(lifted, "2026-04-02").at(-1)).toMatchObject({ title: "La sanction est levée", done: true, date: "2026-04-01" });
    const none = breachStepTexts({ ...noFollowUp(answered, "2026-03-20"), obligation: "OTHER" }, "2026-03-21");
    expect(none.at(-1)!.text).toBe("Pas de suite : il n'y a pas de sanction.");
  });
});
