/**
 * The printable convocation of one of the signed-in seeker's appointments (`/mon-espace/rendez-vous/[id]/convocation`):
 * the very convocation e-mail (`composeMessage`, the same input `queueConvocations` builds), so the page and the
 * message never say different things. Another seeker's appointment, or an unknown one: null (NOT_FOUND).
 */
import "server-only";
import { timeZoneOf } from "@/domain";
import { composeMessage } from "@/lib/messages/compose";
import type { Actor } from "@/server/auth/policy";
import { prisma } from "@/server/db";
import { FRANCE_TRAVAIL_PHONE } from "@/server/messages/convocations";
import { messageAppointment } from "@/server/messages/notices";
import { isUuid } from "@/lib/route-params";
import { ownSeeker } from "./own-seeker";
import { person } from "./selects";

export type ConvocationBlock = { type: "paragraph"; text: string } | { type: "list"; title: string | null; items: string[] };

export type PrintableConvocation = {
  subject: string;
  blocks: ConvocationBlock[];
  agency: { name: string; address: string; phone: string };
};

/** The e-mail's text part as blocks: paragraphs, and lists (« Label : value » lines, « - item » lines). */
export function textBlocks(text: string): ConvocationBlock[] {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((part) => {
      const lines = part.split("\n");
      if (lines.length === 1) return { type: "paragraph", text: lines[0]! };
      const items = lines.filter((line) => line.startsWith("- ")).map((line) => line.slice(2));
      if (items.length === lines.length - 1 && !lines[0]!.startsWith("- ")) return { type: "list", title: lines[0]!, items };
      return { type: "list", title: null, items: lines };
    });
}

/** The convocation of one of the seeker's own appointments still planned, or null. */
export async function myConvocation(actor: Actor, appointmentId: string, options: { now?: Date } = {}): Promise<PrintableConvocation | null> {
  if (!isUuid(appointmentId)) return null;
  const now = options.now ?? new Date();
  const db = await prisma();
  const seeker = await ownSeeker(db, actor);
  if (!seeker) return null;
  const appointment = await db.appointment.findFirst({
    where: { id: appointmentId, seekerId: seeker.id, status: "SCHEDULED", endsAt: { gt: now } },
    select: {
      kind: true,
      channel: true,
      startsAt: true,
      advisor: person,
      socialWorker: person,
      seeker: { select: { firstName: true } },
      agency: { select: { name: true, address: true, phone: true, departement: true } },
    },
  });
  if (!appointment) return null;
  const agency = {
    name: appointment.agency.name,
    address: appointment.agency.address,
    phone: appointment.agency.phone ?? FRANCE_TRAVAIL_PHONE,
    departement: appointment.agency.departement,
  };
  const composed = composeMessage({
    kind: "CONVOCATION",
    firstName: appointment.seeker.firstName,
    agency,
    appointment: messageAppointment(appointment, timeZoneOf(agency.departement)),
  });
  return { subject: composed.subject, blocks: textBlocks(composed.text), agency };
}
