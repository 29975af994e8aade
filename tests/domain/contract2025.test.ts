import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  addDays,
  addMonths,
  checkSignatureDate,
  CONTRACT_DUE_SOON_DAYS,
  contractObligationStatus,
  decidedOrientation,
  fromDayNumber,
  latestNotificationDueBy,
  PLAN_ACTIONS_MAX,
  PLAN_OBJECTIVES_MAX,
  readStoredPlan,
  seekerContractDueDate,
  toDayNumber,
  toHalfHours,
  validateContractPlan,
  validateContractWeeklyActivity,
  weeklyActivityLabel,
  type OrientationFacts,
} from "../../src/domain";

const dateArb = fc.integer({ min: toDayNumber("2025-01-01"), max: toDayNumber("2030-12-31") }).map(fromDayNumber);
const action = (patch: Record<string, unknown> = {}) => ({ label: "Mettre à jour le CV", dueOn: "2026-12-15", status: "A_FAIRE", ...patch });

describe("validateContractPlan", () => {
  it("accepts 1 to 10 objectives and up to 20 actions, trimming the texts", () => {
    const check = validateContractPlan({ objectives: ["  Retrouver un emploi de cariste "], actions: [action({ label: "  CV  " })] });
    expect(check).toEqual({
      ok: true,
      plan: { objectives: ["Retrouver un emploi de cariste"], actions: [{ label: "CV", dueOn: "2026-12-15", status: "A_FAIRE" }] },
    });
    expect(validateContractPlan({ objectives: Array(PLAN_OBJECTIVES_MAX).fill("x"), actions: Array(PLAN_ACTIONS_MAX).fill(action()) }).ok).toBe(true);
  });

  it("refuses no objective, more than 10, an empty one, too many actions, in French", () => {
    expect(validateContractPlan({ objectives: [], actions: [] })).toEqual({ ok: false, message: "Plan d'action : au moins un objectif est attendu." });
    expect(validateContractPlan({ objectives: Array(11).fill("x"), actions: [] })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/10 objectifs au plus/),
    });
    expect(validateContractPlan({ objectives: ["   "], actions: [] })).toMatchObject({ ok: false, message: expect.stringMatching(/vide/) });
    expect(validateContractPlan({ objectives: ["x"], actions: Array(21).fill(action()) })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/20 actions au plus/),
    });
    expect(validateContractPlan({ objectives: ["x".repeat(301)], actions: [] })).toMatchObject({ ok: false, message: expect.stringMatching(/300 caractères/) });
  });

  it("refuses an action without label, with a bad date or an unknown status or key", () => {
    for (const bad of [
      action({ label: " " }),
      action({ dueOn: "2026-02-30" }),
      action({ dueOn: "15/12/2026" }),
      action({ status: "DONE" }),
      action({ extra: 1 }),
    ]) {
      const check = validateContractPlan({ objectives: ["x"], actions: [bad] });
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.message).toMatch(/^Action/);
    }
    expect(validateContractPlan(null).ok).toBe(false);
    expect(validateContractPlan({ objectives: ["x"], actions: [], agencyId: "x" }).ok).toBe(false);
  });

  it("labels every status in French", () => {
    expect(ACTION_STATUSES.map((s) => ACTION_STATUS_LABELS[s])).toEqual(["À faire", "En cours", "Fait", "Abandonné"]);
  });

  it("reads an anonymised (emptied) plan as empty", () => {
    expect(readStoredPlan({})).toEqual({ objectives: [], actions: [] });
  });
});

describe("weekly activity of the contract", () => {
  it("15 h needs no reason; another value needs one; the half hours and labels agree", () => {
    expect(validateContractWeeklyActivity({ hours: 15 }).ok).toBe(true);
    expect(validateContractWeeklyActivity({ hours: 12.5 })).toMatchObject({ ok: false, code: "REASON_REQUIRED" });
    expect(validateContractWeeklyActivity({ hours: 12.5, reason: "Garde d'enfants le mercredi" }).ok).toBe(true);
    expect(validateContractWeeklyActivity({ hours: 10, reason: "x".repeat(2001) })).toMatchObject({ ok: false, code: "REASON_TOO_LONG" });
    expect(validateContractWeeklyActivity({ hours: 35.5, reason: "trop" })).toMatchObject({ ok: false, code: "ABOVE_MAX" });
    expect(toHalfHours(15)).toBe(30);
    expect(weeklyActivityLabel(25)).toBe("12 h 30");
    expect(weeklyActivityLabel(30)).toBe("15 h");
  });
});

describe("contract due date and obligation status", () => {
  it("is one month after the latest notification, the transition deadline without one (overseas a year later)", () => {
    expect(seekerContractDueDate({ latestNotifiedOn: "2026-01-31", departement: "75" })).toBe("2026-02-28");
    expect(seekerContractDueDate({ latestNotifiedOn: null, departement: "75" })).toBe("2027-01-01");
    expect(seekerContractDueDate({ latestNotifiedOn: null, departement: "974" })).toBe("2028-01-01");
  });

  const base = { departement: "75", latestOrientation: { id: "o2", notifiedOn: "2026-11-10" }, revisions: [] };

  it("is PENDING, DUE_SOON from 7 days before, still DUE_SOON on the due date, OVERDUE the day after", () => {
    expect(contractObligationStatus({ ...base, today: "2026-12-02" })).toMatchObject({ status: "PENDING", dueOn: "2026-12-10", daysLeft: 8 });
    expect(contractObligationStatus({ ...base, today: "2026-12-03" })).toMatchObject({ status: "DUE_SOON", daysLeft: 7 });
    expect(contractObligationStatus({ ...base, today: "2026-12-10" })).toMatchObject({ status: "DUE_SOON", daysLeft: 0 });
    expect(contractObligationStatus({ ...base, today: "2026-12-11" })).toMatchObject({ status: "OVERDUE", daysLeft: -1 });
  });

  it("is SIGNED by a signed revision of the current orientation only, from its signature day", () => {
    const signedEarlier = { orientationId: "o1", revision: 1, signedOn: "2026-10-01" };
    expect(contractObligationStatus({ ...base, revisions: [signedEarlier], today: "2026-12-20" }).status).toBe("OVERDUE");
    const signed = { orientationId: "o2", revision: 2, signedOn: "2026-12-15" };
    const draft = { orientationId: "o2", revision: 3, signedOn: null };
    expect(contractObligationStatus({ ...base, revisions: [signedEarlier, signed, draft], today: "2026-12-20" })).toMatchObject({
      status: "SIGNED",
      signedOn: "2026-12-15",
    });
    expect(contractObligationStatus({ ...base, revisions: [signed], today: "2026-12-14" }).status).toBe("OVERDUE");
    expect(contractObligationStatus({ ...base, revisions: [draft], today: "2026-12-05" }).status).toBe("DUE_SOON");
  });

  it("counts the transition deadline for a person not oriented yet, never signed", () => {
    const check = contractObligationStatus({
      departement: "59",
      latestOrientation: null,
      revisions: [{ orientationId: "o1", revision: 1, signedOn: "2026-01-01" }],
      today: "2026-12-28",
    });
    expect(check).toMatchObject({ status: "DUE_SOON", dueOn: "2027-01-01", signedOn: null });
  });

  it("properties: unsigned status follows the days left; a new orientation restarts the due date", () => {
    fc.assert(
      fc.property(dateArb, dateArb, fc.boolean(), (notifiedOn, today, signed) => {
        const revisions = signed ? [{ orientationId: "o", revision: 1, signedOn: notifiedOn }] : [];
        const result = contractObligationStatus({ departement: "13", latestOrientation: { id: "o", notifiedOn }, revisions, today });
        expect(result.dueOn).toBe(addMonths(notifiedOn, 1));
        expect(toDayNumber(result.dueOn)).toBeGreaterThan(toDayNumber(notifiedOn));
        const signedThen = signed && toDayNumber(notifiedOn) <= toDayNumber(today);
        const expected = signedThen ? "SIGNED" : result.daysLeft < 0 ? "OVERDUE" : result.daysLeft <= CONTRACT_DUE_SOON_DAYS ? "DUE_SOON" : "PENDING";
        expect(result.status).toBe(expected);
        expect(addDays(today, result.daysLeft)).toBe(result.dueOn);
        // Re-oriented later: the earlier signature no longer counts and the due date moves to the new notification.
        const later = addDays(notifiedOn, 40);
        const again = contractObligationStatus({ departement: "13", latestOrientation: { id: "o-new", notifiedOn: later }, revisions, today });
        expect(again.status).not.toBe("SIGNED");
        expect(again.dueOn).toBe(addMonths(later, 1));
      }),
      { numRuns: 500 },
    );
  });
});

describe("checkSignatureDate", () => {
  it("refuses a signature in the future or before the orientation's notification", () => {
    expect(checkSignatureDate({ signedOn: "2026-12-01", today: "2026-12-01", notifiedOn: "2026-12-01" })).toEqual({ ok: true });
    expect(checkSignatureDate({ signedOn: "2026-12-02", today: "2026-12-01", notifiedOn: "2026-11-01" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/futur/),
    });
    expect(checkSignatureDate({ signedOn: "2026-10-31", today: "2026-12-01", notifiedOn: "2026-11-01" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/précéder/),
    });
  });
});

describe("decidedOrientation", () => {
  const facts: OrientationFacts = {
    decidedBy: "DEPARTEMENT",
    parcours: "SOCIAL",
    referent: "CONSEIL_DEPARTEMENTAL",
    intensity: null,
    professionalScore: 8,
    notifiedOn: null,
    departementDecision: null,
  };
  it("is null while the département has not decided; then its date and referent, the intensity by the rules", () => {
    expect(decidedOrientation(facts)).toBeNull();
    expect(decidedOrientation({ ...facts, departementDecision: { decidedOn: "2026-11-20", parcours: "EMPLOI", referent: "FRANCE_TRAVAIL" } })).toEqual({
      parcours: "EMPLOI",
      referent: "FRANCE_TRAVAIL",
      intensity: "INTENSIF",
      notifiedOn: "2026-11-20",
    });
    expect(
      decidedOrientation({
        ...facts,
        decidedBy: "FRANCE_TRAVAIL",
        parcours: "EMPLOI",
        referent: "FRANCE_TRAVAIL",
        intensity: "AGILE",
        notifiedOn: "2026-11-02",
      }),
    ).toMatchObject({
      intensity: "AGILE",
      notifiedOn: "2026-11-02",
    });
  });
});

describe("latestNotificationDueBy", () => {
  it("is the last notification day whose contract is due by the limit (month-end clamping)", () => {
    expect(latestNotificationDueBy("2026-02-28")).toBe("2026-01-31");
    expect(latestNotificationDueBy("2026-03-31")).toBe("2026-02-28");
    expect(latestNotificationDueBy("2026-03-30")).toBe("2026-02-28");
    expect(latestNotificationDueBy("2026-03-28")).toBe("2026-02-28");
    expect(latestNotificationDueBy("2026-03-27")).toBe("2026-02-27");
  });

  it("property: due by the limit exactly up to that day", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -70, max: 70 }), (limit, shift) => {
        const cut = latestNotificationDueBy(limit);
        const n = addDays(cut, shift);
        const dueBy = toDayNumber(addMonths(n, 1)) <= toDayNumber(limit);
        expect(dueBy).toBe(shift <= 0);
      }),
      { numRuns: 1000 },
    );
  });
});
