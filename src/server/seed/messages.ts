/**
 * The demo's messages to seekers (issue 16), so that a newcomer sees them on « Mon espace » and on the advisor's
 * file without having sent anything: the demo seeker's convocation to their next appointment by e-mail and by SMS
 * (agreed to), the reminder of a past one; and, in the demo advisor's portfolio, one seeker whose address bounced: a
 * failed reminder, parked with its reason, and the address flagged. Written with the rest of the demo, in its
 * transaction; the texts are the ones Modalis composes (src/lib/messages/compose.ts).
 */
import { timeZoneOf } from "@/domain";
import type { OutboxChannel, OutboxKind, OutboxStatus, Prisma } from "@/generated/prisma/client";
import { composeMessage, MANDATORY_KINDS } from "@/lib/messages/compose";

/** The national number of France Travail, for an agency without its own. */
const FRANCE_TRAVAIL_PHONE = "3949";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const appointmentSelect = {
  id: true,
  kind: true,
  channel: true,
  startsAt: true,
  status: true,
  advisor: { select: { firstName: true, lastName: true } },
} as const satisfies Prisma.AppointmentSelect;

export async function writeDemoMessages(tx: Prisma.TransactionClient, nowMs: number): Promise<number> {
  const seeker = await tx.seeker.findFirst({
    where: { user: { email: "demandeur@modalis.demo" } },
    select: {
      id: true,
      firstName: true,
      email: true,
      phone: true,
      agency: { select: { id: true, name: true, address: true, phone: true, departement: true } },
      appointments: { orderBy: { startsAt: "asc" }, select: appointmentSelect },
    },
  });
  let written = 0;
  if (seeker) {
    const { agency } = seeker;
    const timeZone = timeZoneOf(agency.departement);
    const sender = { name: agency.name, address: agency.address, phone: agency.phone ?? FRANCE_TRAVAIL_PHONE, departement: agency.departement };
    const phone = seeker.phone ?? "06 39 98 00 00";
    const e164 = `+33${phone.replace(/\s/g, "").slice(1)}`;
    await tx.seeker.update({ where: { id: seeker.id }, data: { phone, smsConsent: true, smsConsentAt: new Date(nowMs - 200 * DAY) } });
    const about = (appointment: Prisma.AppointmentGetPayload<{ select: typeof appointmentSelect }>) => ({
      kind: appointment.kind,
      when: { instant: appointment.startsAt.toISOString(), timeZone },
      channel: appointment.channel,
      advisorName: `${appointment.advisor.firstName} ${appointment.advisor.lastName}`,
    });
    const next = seeker.appointments.find((a) => a.status === "SCHEDULED" && a.startsAt.getTime() > nowMs);
    const past = seeker.appointments.filter((a) => a.status === "DONE" && a.startsAt.getTime() < nowMs).at(-1);
    const rows: Prisma.OutboxMessageCreateManyInput[] = [];
    if (next) {
      const composed = composeMessage({ kind: "CONVOCATION", firstName: seeker.firstName, agency: sender, appointment: about(next) });
      const at = Math.min(nowMs - 3 * DAY, next.startsAt.getTime() - 7 * DAY);
      const base = { agencyId: agency.id, seekerId: seeker.id, appointmentId: next.id, mandatory: MANDATORY_KINDS.has(next.kind), ...composed };
      if (seeker.email) rows.push(row(base, "CONVOCATION", "EMAIL", seeker.email, composed.text, "SENT", at));
      rows.push(row(base, "CONVOCATION", "SMS", e164, composed.sms, "DELIVERED", at));
    }
    if (past) {
      const composed = composeMessage({ kind: "REMINDER", firstName: seeker.firstName, agency: sender, appointment: about(past) });
      const base = { agencyId: agency.id, seekerId: seeker.id, appointmentId: past.id, mandatory: false, ...composed };
      rows.push(row(base, "REMINDER", "SMS", e164, composed.sms, "DELIVERED", past.startsAt.getTime() - 2 * DAY));
    }
    await tx.outboxMessage.createMany({ data: rows });
    written += rows.length;
  }

  // A seeker of the demo advisor whose address bounced: the failure waits on the advisor's file.
  const bounced = await tx.seeker.findFirst({
    // One with an appointment to come (what the failed convocation is about), whatever day the demo is seeded.
    where: {
      portfolio: { advisor: { email: "conseillere@modalis.demo" } },
      email: { not: null },
      userId: null,
      appointments: { some: { status: "SCHEDULED" } },
    },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    select: {
      id: true,
      firstName: true,
      email: true,
      agency: { select: { id: true, name: true, address: true, phone: true, departement: true } },
      appointments: { where: { status: "SCHEDULED" }, orderBy: { startsAt: "asc" }, take: 1, select: appointmentSelect },
    },
  });
  const upcoming = bounced?.appointments[0];
  if (bounced && upcoming) {
    const { agency } = bounced;
    const sender = { name: agency.name, address: agency.address, phone: agency.phone ?? FRANCE_TRAVAIL_PHONE, departement: agency.departement };
    const composed = composeMessage({
      kind: "CONVOCATION",
      firstName: bounced.firstName,
      agency: sender,
      appointment: {
        kind: upcoming.kind,
        when: { instant: upcoming.startsAt.toISOString(), timeZone: timeZoneOf(agency.departement) },
        channel: upcoming.channel,
        advisorName: `${upcoming.advisor.firstName} ${upcoming.advisor.lastName}`,
      },
    });
    const at = nowMs - 2 * DAY;
    const reason = "550 5.1.1 Adresse inconnue du serveur du destinataire (user unknown)";
    await tx.outboxMessage.create({
      data: {
        ...row(
          { agencyId: agency.id, seekerId: bounced.id, appointmentId: upcoming.id, mandatory: MANDATORY_KINDS.has(upcoming.kind), ...composed },
          "CONVOCATION",
          "EMAIL",
          bounced.email!,
          composed.text,
          "FAILED",
          at,
        ),
        lastError: reason,
      },
    });
    await tx.seeker.update({ where: { id: bounced.id }, data: { emailBouncedAt: new Date(at + HOUR), emailBounceReason: reason } });
    written += 1;
  }
  return written;
}

function row(
  base: { agencyId: string; seekerId: string; appointmentId: string; mandatory: boolean; subject: string; html: string },
  kind: OutboxKind,
  channel: OutboxChannel,
  recipient: string,
  text: string,
  status: OutboxStatus,
  createdAtMs: number,
): Prisma.OutboxMessageCreateManyInput {
  const sent = status === "SENT" || status === "DELIVERED";
  return {
    agencyId: base.agencyId,
    seekerId: base.seekerId,
    appointmentId: base.appointmentId,
    kind,
    channel,
    recipient,
    subject: base.subject,
    text,
    html: channel === "EMAIL" ? base.html : "",
    mandatory: base.mandatory,
    status,
    attempts: status === "FAILED" ? 5 : 1,
    createdAt: new Date(createdAtMs),
    ...(sent ? { sentAt: new Date(createdAtMs + 60_000), providerId: `demo-${kind.toLowerCase()}-${channel.toLowerCase()}` } : {}),
    ...(status === "DELIVERED" ? { deliveredAt: new Date(createdAtMs + 90_000) } : {}),
  };
}
