import { describe, expect, it } from "vitest";
import { appointmentLabel, cancelButtonLabel, cancelQuestion, rescheduleButtonLabel } from "@/app/conseiller/demandeurs/[id]/appointment-labels";
import { APPOINTMENT_KIND_LABELS } from "@/domain";
import { formatDateTime } from "@/lib/format";

const ZONE = "Europe/Paris";
/** Two appointments of one seeker's file: a review on one day, a follow-up on another at the same time. */
const review = appointmentLabel(formatDateTime(new Date("2026-04-14T11:30:00Z"), ZONE), APPOINTMENT_KIND_LABELS.REVIEW_M4);
const followUp = appointmentLabel(formatDateTime(new Date("2026-04-21T11:30:00Z"), ZONE), APPOINTMENT_KIND_LABELS.FOLLOW_UP);

describe("the names of an appointment's buttons (issue 15)", () => {
  it("name the appointment by its date, time and kind", () => {
    expect(review).toBe("mardi 14 avril 2026 à 13 h 30 (Bilan du 4e mois)");
    expect(cancelButtonLabel(review)).toBe("Annuler le rendez-vous du mardi 14 avril 2026 à 13 h 30 (Bilan du 4e mois)");
    expect(rescheduleButtonLabel(review)).toBe("Reporter le rendez-vous du mardi 14 avril 2026 à 13 h 30 (Bilan du 4e mois)");
  });

  it("differ between two appointments, and between « Annuler » and « Reporter » of one appointment", () => {
    const names = [review, followUp].flatMap((label) => [cancelButtonLabel(label), rescheduleButtonLabel(label)]);
    expect(new Set(names).size).toBe(names.length);
    expect(cancelButtonLabel(review)).not.toBe(cancelButtonLabel(followUp));
  });

  it("ask before cancelling with the appointment named", () => {
    expect(cancelQuestion(followUp)).toBe("Confirmer l'annulation du rendez-vous du mardi 21 avril 2026 à 13 h 30 (Entretien de suivi) ?");
  });
});
