/** Prisma selections and row shapes that several queries share. */
import type { AppointmentKind, AppointmentStatus, Channel, Prisma } from "@/generated/prisma/client";

export type PersonName = { firstName: string; lastName: string };
export const person = { select: { firstName: true, lastName: true } } as const;

/** An agency's settings besides its caps: appointment hours and lengths, first-interview deadline, minimum notice of a move, « global » partnership. */
export const agencySettingFields = {
  appointmentStart: true,
  appointmentEnd: true,
  slotMinutes: true,
  initialInterviewMinutes: true,
  firstInterviewDeadlineDays: true,
  minNoticeDays: true,
  globalPartnership: true,
  reminderDaysBefore: true,
  reminderByEmail: true,
  reminderBySms: true,
  closedFileRetentionMonths: true,
  messageReplyWorkingDays: true,
} as const satisfies Prisma.AgencySelect;

/** An appointment as the use cases that move, answer or hand it over read it (who, when, how, its state). */
export const actionableAppointment = {
  id: true,
  agencyId: true,
  seekerId: true,
  advisorId: true,
  socialWorkerId: true,
  kind: true,
  channel: true,
  status: true,
  startsAt: true,
  endsAt: true,
} as const satisfies Prisma.AppointmentSelect;

/** A seeker as every list shows them. */
export const listedSeeker = { id: true, franceTravailId: true, firstName: true, lastName: true, registrationDate: true } as const satisfies Prisma.SeekerSelect;

/** A seeker's own record as the staff's file and the seeker's data export show it. */
export const seekerRecord = {
  ...listedSeeker,
  email: true,
  phone: true,
  commune: true,
  postalCode: true,
  category: true,
  status: true,
  modality: true,
  webOnly: true,
  agreedRhythmMonths: true,
} as const satisfies Prisma.SeekerSelect;
export type SeekerRecord = Prisma.SeekerGetPayload<{ select: typeof seekerRecord }>;

/** A step of a seeker's modality history (an assignment) as the staff's file and the seeker's data export show it. */
export const assignmentStep = {
  startedAt: true,
  endedAt: true,
  modality: true,
  reason: true,
  note: true,
  forced: true,
  portfolio: { select: { advisor: person } },
} as const satisfies Prisma.AssignmentSelect;

/** An appointment as the pages show it, instants as ISO strings. */
export type ShownAppointment = { id: string; kind: AppointmentKind; channel: Channel; status: AppointmentStatus; startsAt: string; endsAt: string };
