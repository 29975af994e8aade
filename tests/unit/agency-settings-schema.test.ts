/** The agency settings' schemas and temporary passwords: what a form may send, refused in French before any use case runs. */
import { describe, expect, it } from "vitest";
import { generateTemporaryPassword } from "@/server/auth/password";
import {
  createSocialWorkerSchema,
  updateCapsSchema,
  updateDeadlineSchema,
  updateHoursSchema,
  updateOfferSchema,
} from "@/server/use-cases/agency-settings.schema";

const VALID_HOURS = { appointmentStart: "09:00", appointmentEnd: "12:00", slotMinutes: 20, initialInterviewMinutes: 60 };

describe("agency settings schemas", () => {
  const agencyId = "6f1c1b8e-3c1a-4c55-9a55-6b6b7b7b7b7b";
  const caps = { agencyId, capSuivi: 350, capGuide: 150, capRenforce: 70, capGlobal: 100 };
  const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
    result.success ? null : result.error!.issues.map((i) => i.message).join(" | ");

  it("refuses unknown keys, a forged field included", () => {
    expect(messageOf(updateCapsSchema.safeParse({ ...caps, role: "ADMIN" }))).toMatch(/non autorisé.*« role »/);
    expect(messageOf(updateDeadlineSchema.safeParse({ agencyId, firstInterviewDeadlineDays: 28, agency: "x" }))).toMatch(/« agency »/);
  });

  it("takes the offer as one of the two codes, the confirmation as a boolean", () => {
    expect(updateOfferSchema.safeParse({ agencyId, offer: "OFFRE_2025" }).success).toBe(true);
    expect(updateOfferSchema.safeParse({ agencyId, offer: "OFFRE_2014", confirmOffer: true }).success).toBe(true);
    expect(messageOf(updateOfferSchema.safeParse({ agencyId, offer: "OFFRE_2030" }))).toMatch(/Offre de suivi : « OFFRE_2014 » ou « OFFRE_2025 » attendu/);
    expect(messageOf(updateOfferSchema.safeParse({ agencyId, offer: "offre_2025" }))).toMatch(/Offre de suivi/);
    expect(messageOf(updateOfferSchema.safeParse({ agencyId, offer: "OFFRE_2025", confirmOffer: "oui" }))).toMatch(/Confirmation : vrai ou faux/);
    expect(messageOf(updateOfferSchema.safeParse({ agencyId, offer: "OFFRE_2025", offerChangedAt: "2026-01-01" }))).toMatch(/« offerChangedAt »/);
  });

  it("bounds caps: whole numbers from 1; renforcé at most 70 (national rule); the others at most 1000", () => {
    expect(updateCapsSchema.safeParse(caps).success).toBe(true);
    expect(messageOf(updateCapsSchema.safeParse({ ...caps, capRenforce: 71 }))).toMatch(/70 demandeurs au plus.*règle nationale/);
    expect(messageOf(updateCapsSchema.safeParse({ ...caps, capGuide: 0 }))).toMatch(/Plafond guidé : 1 demandeur au moins/);
    expect(messageOf(updateCapsSchema.safeParse({ ...caps, capSuivi: 12.5 }))).toMatch(/Plafond suivi : un nombre entier/);
    expect(messageOf(updateCapsSchema.safeParse({ ...caps, capGlobal: 1001 }))).toMatch(/1000 demandeurs au plus/);
    expect(messageOf(updateCapsSchema.safeParse({ ...caps, capSuivi: null }))).toMatch(/Plafond suivi : un nombre entier/);
    expect(messageOf(updateCapsSchema.safeParse({ ...caps, capSuivi: "350" }))).toMatch(/Plafond suivi/);
  });

  it.each([
    [{ appointmentStart: "9:00" }, /format HH:MM/],
    [{ appointmentStart: "25:00" }, /format HH:MM/],
    [{ appointmentStart: "06:30" }, /pas avant 07:00/],
    [{ appointmentEnd: "20:30" }, /pas après 20:00/],
    [{ appointmentStart: "12:00", appointmentEnd: "12:00" }, /doit suivre le début/],
    [{ appointmentStart: "14:00", appointmentEnd: "13:00" }, /doit suivre le début/],
    [{ slotMinutes: 25 }, /15, 20, 30, 45, 60 minutes/],
    [{ appointmentEnd: "12:10" }, /créneaux entiers de 20 minutes/],
    [{ initialInterviewMinutes: 50 }, /multiple de la durée d'un créneau \(20 minutes\)/],
    [{ appointmentEnd: "09:40", initialInterviewMinutes: 60 }, /ne tiennent pas dans la plage 09:00–09:40/],
    [{ initialInterviewMinutes: 240 }, /180 minutes au plus/],
  ])("refuses hours %o", (patch, pattern) => {
    expect(messageOf(updateHoursSchema.safeParse({ agencyId, ...VALID_HOURS, ...patch }))).toMatch(pattern);
  });

  it("accepts whole slots, the widest allowed span and a first interview of exactly the span", () => {
    expect(updateHoursSchema.safeParse({ agencyId, ...VALID_HOURS }).success).toBe(true);
    expect(
      updateHoursSchema.safeParse({ agencyId, appointmentStart: "07:00", appointmentEnd: "20:00", slotMinutes: 15, initialInterviewMinutes: 45 }).success,
    ).toBe(true);
    expect(
      updateHoursSchema.safeParse({ agencyId, appointmentStart: "13:30", appointmentEnd: "14:30", slotMinutes: 30, initialInterviewMinutes: 60 }).success,
    ).toBe(true);
  });

  it("bounds the first-interview deadline to 1–90 whole days", () => {
    expect(updateDeadlineSchema.safeParse({ agencyId, firstInterviewDeadlineDays: 1 }).success).toBe(true);
    expect(updateDeadlineSchema.safeParse({ agencyId, firstInterviewDeadlineDays: 90 }).success).toBe(true);
    expect(messageOf(updateDeadlineSchema.safeParse({ agencyId, firstInterviewDeadlineDays: 0 }))).toMatch(/1 jour au moins/);
    expect(messageOf(updateDeadlineSchema.safeParse({ agencyId, firstInterviewDeadlineDays: 91 }))).toMatch(/90 jours au plus/);
    expect(messageOf(updateDeadlineSchema.safeParse({ agencyId, firstInterviewDeadlineDays: 7.5 }))).toMatch(/nombre entier de jours/);
  });

  it("normalises a social worker's e-mail and refuses a bad one", () => {
    const parsed = createSocialWorkerSchema.parse({ agencyId, firstName: " Léa ", lastName: "N'Diaye-Martin", email: " Lea.Martin@Calvados.FR " });
    expect(parsed).toEqual({ agencyId, firstName: "Léa", lastName: "N'Diaye-Martin", email: "lea.martin@calvados.fr" });
    expect(messageOf(createSocialWorkerSchema.safeParse({ agencyId, firstName: "Léa", lastName: "Martin", email: "pas-une-adresse" }))).toMatch(
      /Adresse e-mail invalide/,
    );
    expect(messageOf(createSocialWorkerSchema.safeParse({ agencyId, firstName: "", lastName: "Martin", email: "a@b.fr" }))).toMatch(/Prénom : obligatoire/);
  });

  it("generates temporary passwords of at least 16 characters, all different", () => {
    const passwords = Array.from({ length: 50 }, () => generateTemporaryPassword());
    expect(new Set(passwords).size).toBe(50);
    for (const p of passwords) expect(p.length).toBeGreaterThanOrEqual(16);
  });
});
