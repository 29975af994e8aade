/**
 * A seeker's appointments as calendar events.
 *
 * Rescheduling cancels an appointment and books a NEW row whose `replacesId` points at it, so one meeting is a
 * chain of rows: root → … → head. A calendar must show one event per chain that follows it as it moves:
 * - UID = the chain root's id (never changes when the meeting is moved again);
 * - the event is the chain's head (its current date, channel, status);
 * - SEQUENCE = 2 × (number of moves) + (1 when the head is cancelled), so every later state of the same
 *   meeting has a higher SEQUENCE than every earlier one, and clients replace the old version;
 * - rows that were replaced are never emitted on their own: their cancellation is the move itself.
 *   Only a head that was cancelled without replacement is emitted as STATUS:CANCELLED.
 * Pure: the rows of ONE seeker go in (all of them, so that every chain is complete), events come out.
 */
import { timeZoneOf, type AppointmentKind } from "@/domain";
import type { AppointmentStatus, Channel } from "@/generated/prisma/enums";
import type { IcsEvent } from "./ics";
import { APPOINTMENT_PURPOSE, calendarLocation, localTimeWords, outcomeText } from "./seeker-texts";

export type CalendarAppointment = {
  id: string;
  replacesId: string | null;
  kind: AppointmentKind;
  channel: Channel;
  status: AppointmentStatus;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  outcomeAt: Date | null;
  advisor: { firstName: string; lastName: string };
  socialWorker: { firstName: string; lastName: string } | null;
  agency: { name: string; address: string; departement: string };
};

type AppointmentChain<T extends { id: string; replacesId: string | null }> = {
  /** The first row of the chain: its id is the calendar UID. */
  rootId: string;
  /** The current row. */
  head: T;
  /** How many times the meeting was moved (0 when never). */
  moves: number;
  /** Every row id of the chain, root first. */
  ids: string[];
};

/** Groups one seeker's appointments into reschedule chains, in the order of their heads' start. */
export function appointmentChains<T extends { id: string; replacesId: string | null; startsAt: Date }>(rows: readonly T[]): AppointmentChain<T>[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const replacedBy = new Map<string, T>();
  for (const row of rows) if (row.replacesId !== null && byId.has(row.replacesId)) replacedBy.set(row.replacesId, row);
  const chains: AppointmentChain<T>[] = [];
  for (const row of rows) {
    // A root: it replaces nothing that we hold.
    if (row.replacesId !== null && byId.has(row.replacesId)) continue;
    const ids = [row.id];
    let head = row;
    const seen = new Set(ids);
    for (let next = replacedBy.get(head.id); next !== undefined && !seen.has(next.id); next = replacedBy.get(head.id)) {
      head = next;
      ids.push(next.id);
      seen.add(next.id);
    }
    chains.push({ rootId: row.id, head, moves: ids.length - 1, ids });
  }
  return chains.sort((a, b) => a.head.startsAt.getTime() - b.head.startsAt.getTime() || a.rootId.localeCompare(b.rootId));
}

/** The chain holding appointment `id`, or null. */
export function chainOf<T extends { id: string; replacesId: string | null; startsAt: Date }>(rows: readonly T[], id: string): AppointmentChain<T> | null {
  return appointmentChains(rows).find((chain) => chain.ids.includes(id)) ?? null;
}

/** The calendar UID of a chain. */
export function appointmentUid(rootId: string): string {
  return `${rootId}@modalis`;
}

const name = (person: { firstName: string; lastName: string }) => `${person.firstName} ${person.lastName}`;

/** The calendar event of a chain (its head), in the agency's time zone, in French. */
export function appointmentEvent(chain: AppointmentChain<CalendarAppointment>, now: Date): IcsEvent {
  const { head } = chain;
  const cancelled = head.status === "CANCELLED";
  const purpose = APPOINTMENT_PURPOSE[head.kind];
  const people = head.socialWorker
    ? `Avec ${name(head.advisor)}, votre conseiller·ère, et ${name(head.socialWorker)}, travailleur·se social·e.`
    : `Avec ${name(head.advisor)}, votre conseiller·ère.`;
  const description = [purpose.explanation, people];
  const zoneWords = localTimeWords(head.agency.departement);
  if (zoneWords) description.push(`Fuseau horaire : ${zoneWords}.`);
  if (cancelled) description.push("Ce rendez-vous est annulé.");
  else if (head.status !== "SCHEDULED") description.push(`Résultat : ${outcomeText(head.status, false).toLowerCase()}.`);
  else if (head.endsAt.getTime() > now.getTime()) description.push("Vous ne pouvez pas venir ? Prévenez votre conseiller·ère.");
  const modified = head.outcomeAt && head.outcomeAt.getTime() > head.createdAt.getTime() ? head.outcomeAt : head.createdAt;
  return {
    uid: appointmentUid(chain.rootId),
    sequence: 2 * chain.moves + (cancelled ? 1 : 0),
    status: cancelled ? "CANCELLED" : "CONFIRMED",
    start: head.startsAt,
    end: head.endsAt,
    timeZone: timeZoneOf(head.agency.departement),
    summary: `${cancelled ? "Annulé : " : ""}${purpose.title} (France Travail)`,
    location: calendarLocation(head.channel, head.agency),
    description: description.join("\n"),
    lastModified: modified,
  };
}
