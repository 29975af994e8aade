/**
 * The seeker's calendar files: one appointment's .ics (own record only) and the subscribed feed behind a secret token.
 */
import "server-only";
import { localDateOf, timeZoneOf } from "@/domain";
import { prisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import { buildCalendar } from "@/lib/ics";
import { appointmentChains, appointmentEvent, chainOf } from "@/lib/appointment-calendar";
import { isUuid } from "@/lib/route-params";
import { appointmentsOf, ownSeeker } from "./own-seeker";

const CALENDAR_NAME = "Mes rendez-vous France Travail";
/** How often subscribed phones should fetch the feed again. */
const FEED_REFRESH_MINUTES = 60;

type CalendarFile = { filename: string; body: string };

/**
 * The .ics file of one of the seeker's appointments: the current version of its meeting (a moved appointment's
 * file gives the new date, under the same UID). Null when the id is not one of this seeker's appointments.
 */
export async function myAppointmentCalendar(actor: Actor, appointmentId: string, options: { now?: Date } = {}): Promise<CalendarFile | null> {
  const now = options.now ?? new Date();
  if (!isUuid(appointmentId)) return null;
  const db = await prisma();
  const seeker = await ownSeeker(db, actor);
  if (!seeker) return null;
  const chain = chainOf(await appointmentsOf(db, seeker.id), appointmentId);
  if (!chain) return null;
  const zone = timeZoneOf(chain.head.agency.departement);
  return {
    filename: `rendez-vous-${localDateOf(chain.head.startsAt.toISOString(), zone)}.ics`,
    body: buildCalendar({ events: [appointmentEvent(chain, now)], now, name: CALENDAR_NAME }),
  };
}

/**
 * The subscribed feed behind a secret token: every meeting of that token's seeker (one event per reschedule chain).
 * Null for a malformed, unknown or revoked token, or when the seeker's account is disabled.
 */
export async function calendarFeed(token: string, options: { now?: Date } = {}): Promise<string | null> {
  const now = options.now ?? new Date();
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: { calendarFeedToken: token, user: { is: { active: true, role: "SEEKER" } } },
    select: { id: true },
  });
  if (!seeker) return null;
  const chains = appointmentChains(await appointmentsOf(db, seeker.id));
  return buildCalendar({
    events: chains.map((chain) => appointmentEvent(chain, now)),
    now,
    name: CALENDAR_NAME,
    description: "Vos rendez-vous avec France Travail, mis à jour automatiquement.",
    refreshMinutes: FEED_REFRESH_MINUTES,
  });
}
