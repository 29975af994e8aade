import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { APPOINTMENT_REQUEST_LIMITS, APPOINTMENT_REQUEST_STATUS_TEXTS, mayReportAbsence } from "@/domain";
import { requirePageActor } from "@/server/auth/session";
import { seekerRequestForm } from "@/server/queries/appointment-requests";
import { AppShell } from "@/components/AppShell";
import { Section } from "@/components/Section";
import { formatDateTime, formatLongDate } from "@/lib/format";
import { APPOINTMENT_PURPOSE } from "@/lib/seeker-texts";
import { readIdParam } from "@/lib/route-params";
import { RequestForm } from "./RequestForm";

export const metadata: Metadata = { title: "Changer un rendez-vous" };
export const dynamic = "force-dynamic";

/**
 * The seeker asks to move one of their appointments (`?type=deplacer`, by default) or says they cannot come
 * (`?type=absence`; never for a mandatory review). docs/rules.md#seekers-requests-on-appointments
 */
export default async function AppointmentRequestPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ type?: string }> }) {
  const actor = await requirePageActor("appointment-request:create");
  const id = readIdParam((await params).id);
  const form = id ? await seekerRequestForm(actor, id) : null;
  if (!form) notFound();
  const absence = (await searchParams).type === "absence";
  const kind = absence && mayReportAbsence(form.kind) ? "ABSENCE" : "MOVE";
  const zone = form.zoneWords ? ` (${form.zoneWords})` : "";
  const title = kind === "MOVE" ? "Demander à déplacer ce rendez-vous" : "Je ne pourrai pas venir";
  return (
    <AppShell actor={actor} title={title}>
      <div className="mx-auto max-w-2xl space-y-4 text-base">
        <p>
          <Link href="/mon-espace" className="inline-block py-2 text-brand-700 underline underline-offset-2">
            Retour à mon espace
          </Link>
        </p>
        <Section id="rendez-vous" title="Votre rendez-vous" large>
          <p className="font-semibold">
            {APPOINTMENT_PURPOSE[form.kind].title} : {formatDateTime(new Date(form.startsAt), form.timeZone)}
            {zone}
          </p>
          {absence && kind === "MOVE" ? (
            <p className="mt-2 rounded-md border-l-4 border-amber-500 bg-amber-50 px-3 py-2">
              Ce bilan est obligatoire : vous ne pouvez pas l&apos;annuler. Vous pouvez demander à le déplacer.
            </p>
          ) : null}
          {form.window && kind === "MOVE" ? (
            <p className="mt-2">
              Ce bilan doit avoir lieu entre le {formatLongDate(new Date(`${form.window.from}T12:00:00Z`), "UTC")} et le{" "}
              {formatLongDate(new Date(`${form.window.to}T12:00:00Z`), "UTC")}.
            </p>
          ) : null}
        </Section>
        <Section id="demande" title={title} large>
          {form.open ? (
            <p>
              Vous avez déjà une demande pour ce rendez-vous : {APPOINTMENT_REQUEST_STATUS_TEXTS[form.open.status].toLowerCase()}.{" "}
              {form.open.status === "PROPOSED" ? "Vous pouvez faire une nouvelle demande : elle remplace la proposition." : null}
            </p>
          ) : null}
          {form.open?.status === "PENDING" ? null : (
            <RequestForm
              appointmentId={form.appointmentId}
              kind={kind}
              maxSlots={APPOINTMENT_REQUEST_LIMITS.slotsMax}
              maxReason={APPOINTMENT_REQUEST_LIMITS.reasonMax}
              slots={form.slots.map((slot) => ({ startsAt: slot.startsAt, label: `${formatDateTime(new Date(slot.startsAt), form.timeZone)}${zone}` }))}
            />
          )}
        </Section>
      </div>
    </AppShell>
  );
}
