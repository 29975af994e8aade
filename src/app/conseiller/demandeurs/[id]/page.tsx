import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";
import { journaledRead } from "@/server/audit";
import { barrierView, seekerFile, type SeekerFile, type SeekerFileAppointment } from "@/server/queries/seeker-file";
import { MODALITY_LABELS, REVIEW_KIND_LABELS, REVIEW_KINDS, SEVERITY_LABELS, reviewWindows } from "@/domain";
import { APPOINTMENT_KIND_LABELS, APPOINTMENT_STATUS_LABELS, CHANNEL_LABELS } from "@/lib/labels";
import { formatDateTime, formatShortDate } from "@/lib/format";
import { AppShell } from "@/components/AppShell";
import { Section } from "@/components/Section";
import { ItemList } from "@/components/ItemList";
import { parseIdParam } from "@/lib/route-params";
import { bookingChoices, rescheduleChoices } from "@/server/queries/slot-choices";
import { AppointmentActions, WebOnlyToggle } from "./AppointmentActions";
import { RescheduleForm } from "./RescheduleForm";
import { bookHref, rescheduleHref } from "./reschedule-href";
import { BookForm } from "./BookForm";
import { appointmentLabel } from "./appointment-labels";

export const metadata: Metadata = { title: "Dossier du demandeur d'emploi" };

const ASSIGNMENT_REASON_LABELS = {
  DIAGNOSTIC: "Diagnostic",
  OVERRIDE: "Diagnostic (modalité modifiée)",
  TRANSFER: "Transfert",
  REBALANCE: "Rééquilibrage",
} as const;

/** « 12/01/2026 → aujourd'hui : Accompagnement guidé, portefeuille de Camille Durand · Diagnostic par … ». */
function historyLine(h: SeekerFile["modalityHistory"][number]): string {
  const period = `${formatShortDate(new Date(h.startedAt))}${h.endedAt ? ` → ${formatShortDate(new Date(h.endedAt))}` : " → aujourd'hui"}`;
  const how = `${ASSIGNMENT_REASON_LABELS[h.reason]}${h.actor ? ` par ${h.actor.firstName} ${h.actor.lastName}` : ""}`;
  const extra = `${h.forced ? " (au-delà du plafond)" : ""}${h.note ? ` — « ${h.note} »` : ""}`;
  return `${period} : ${MODALITY_LABELS[h.modality]}, portefeuille de ${h.advisor.firstName} ${h.advisor.lastName} · ${how}${extra}`;
}

type SearchParams = { reporter?: string | string[]; prendre?: string | string[]; accord?: string | string[]; apres?: string | string[] };
const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export default async function SeekerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("caseload:read");
  const { id } = await params;
  const query = await searchParams;
  const now = new Date();
  const seekerId = parseIdParam(id);
  const file = await journaledRead(
    () => seekerFile(actor, seekerId, { now }),
    (shown) => barrierView(actor, shown),
  );
  if (!file) notFound();
  const { seeker, agency } = file;
  // « Reporter »: the free slots the chosen appointment may move to (docs/rules.md#moving-an-appointment).
  const moving = single(query.reporter);
  const agreed = single(query.accord) === "1";
  const after = single(query.apres);
  const choices = moving && file.inCharge ? await rescheduleChoices(actor, seeker.id, moving, { now, seekerAgreed: agreed, after }) : null;
  // « Prendre un rendez-vous »: a follow-up, or in global a joint meeting, in one of the same free slots.
  const bookingKind = single(query.prendre);
  const booking =
    file.inCharge && (bookingKind === "FOLLOW_UP" || bookingKind === "JOINT_GLOBAL")
      ? await bookingChoices(actor, seeker.id, bookingKind, { now, seekerAgreed: agreed, after })
      : null;
  const windows = reviewWindows(seeker.registrationDate);
  const zone = agency.timeZone;
  const at = (iso: string) => formatDateTime(new Date(iso), zone);
  const appointmentLine = (appointment: SeekerFileAppointment) =>
    `${APPOINTMENT_KIND_LABELS[appointment.kind]} · ${CHANNEL_LABELS[appointment.channel]} · avec ${appointment.advisor.firstName} ${appointment.advisor.lastName}`;
  const reviewsOf = (kind: "REVIEW_M4" | "REVIEW_M9") =>
    [...file.appointments.past, ...file.appointments.upcoming].filter((a) => a.kind === kind && a.status !== "CANCELLED");

  return (
    <AppShell actor={actor} title={`${seeker.firstName} ${seeker.lastName}`}>
      <div className="grid gap-4 lg:grid-cols-2">
        <Section id="identite" title="Identité et contact">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">Identifiant</dt>
            <dd className="font-mono">{seeker.franceTravailId}</dd>
            <dt className="text-slate-600">Inscription</dt>
            <dd>
              {formatShortDate(new Date(seeker.registrationDate))} (catégorie {seeker.category})
            </dd>
            <dt className="text-slate-600">Commune</dt>
            <dd>
              {seeker.commune} ({seeker.postalCode})
            </dd>
            <dt className="text-slate-600">E-mail</dt>
            <dd>{seeker.email ?? "—"}</dd>
            <dt className="text-slate-600">Téléphone</dt>
            <dd>{seeker.phone ?? "—"}</dd>
          </dl>
        </Section>

        <Section id="modalite" title="Accompagnement">
          <p className="font-medium">
            {seeker.modality ? MODALITY_LABELS[seeker.modality] : "En attente du diagnostic"}
            {seeker.webOnly ? " · 100 % web" : ""}
            {seeker.agreedRhythmMonths ? ` · rythme convenu : tous les ${seeker.agreedRhythmMonths === 1 ? "mois" : `${seeker.agreedRhythmMonths} mois`}` : ""}
          </p>
          {file.portfolio ? (
            <p className="text-sm">
              Portefeuille de {file.portfolio.advisor.firstName} {file.portfolio.advisor.lastName}
            </p>
          ) : null}
          <div className="mt-3 flex flex-wrap gap-2">
            {file.inCharge || seeker.status === "AWAITING_DIAGNOSTIC" ? (
              <Link
                href={`/conseiller/diagnostic/${seeker.id}`}
                className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-900"
              >
                {seeker.status === "AWAITING_DIAGNOSTIC" ? "Faire le diagnostic" : "Refaire le diagnostic"}
              </Link>
            ) : null}
            {file.webOnlyEligible ? <WebOnlyToggle seekerId={seeker.id} webOnly={seeker.webOnly} /> : null}
          </div>
        </Section>

        <Section id="bilans" title="Bilans obligatoires">
          <ul className="space-y-2 text-sm">
            {REVIEW_KINDS.map((kind) => {
              const booked = reviewsOf(kind === "M4" ? "REVIEW_M4" : "REVIEW_M9");
              return (
                <li key={kind}>
                  <p className="font-medium">
                    {REVIEW_KIND_LABELS[kind]} — fenêtre du {formatShortDate(new Date(windows[kind].from))} au {formatShortDate(new Date(windows[kind].to))}
                  </p>
                  {booked.length ? (
                    booked.map((a) => (
                      <p key={a.id}>
                        {at(a.startsAt)} · {APPOINTMENT_STATUS_LABELS[a.status]}
                      </p>
                    ))
                  ) : (
                    <p>Aucun rendez-vous réservé.</p>
                  )}
                </li>
              );
            })}
          </ul>
        </Section>

        {file.barriers ? (
          <Section id="freins" title="Freins périphériques (dernier diagnostic)">
            {file.barriers.items.length ? (
              <ul className="text-sm">
                {file.barriers.items.map((item) => (
                  <li key={item.barrier}>
                    {item.label} : {SEVERITY_LABELS[item.severity].toLowerCase()}
                    {item.specialCategory ? " (donnée de santé, confidentielle)" : ""}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm">Aucun frein déclaré.</p>
            )}
          </Section>
        ) : null}
      </div>

      <div className="mt-4 space-y-4">
        {file.inCharge ? (
          <Section id="prendre-rdv" title="Prendre un rendez-vous">
            <div className="flex flex-wrap gap-2">
              <Link
                href={bookHref(seeker.id, "FOLLOW_UP", false)}
                className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100"
              >
                Entretien de suivi
              </Link>
              {seeker.modality === "GLOBAL" ? (
                <Link
                  href={bookHref(seeker.id, "JOINT_GLOBAL", false)}
                  className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100"
                >
                  Entretien tripartite avec le travailleur social
                </Link>
              ) : null}
            </div>
            {booking ? (
              <BookForm key={`${booking.kind}-${after ?? ""}-${agreed}`} seekerId={seeker.id} choices={booking} timeZone={zone} after={after} />
            ) : null}
            {bookingKind === "JOINT_GLOBAL" && !booking ? (
              <p className="mt-2 text-sm">Ce rendez-vous ne peut pas être pris pour cette personne (pas de travailleur social en tandem).</p>
            ) : null}
          </Section>
        ) : null}
        {(
          [
            ["a-venir", "Rendez-vous à venir", file.appointments.upcoming, false, "Aucun rendez-vous à venir."],
            ["passes", "Rendez-vous passés", file.appointments.past, true, "Aucun rendez-vous passé."],
          ] as const
        ).map(([sectionId, title, list, started, empty]) => (
          <Section key={sectionId} id={sectionId} title={title}>
            <ItemList items={list} empty={empty} className="divide-y divide-slate-100" itemClassName="py-2 text-sm">
              {(a) => (
                <>
                  <p className="font-medium">
                    {at(a.startsAt)} — {started && a.status === "SCHEDULED" ? "À renseigner" : APPOINTMENT_STATUS_LABELS[a.status]}
                  </p>
                  <p className="text-slate-700">
                    {appointmentLine(a)}
                    {a.replacesId ? " · remplace un rendez-vous reporté" : ""}
                  </p>
                  {file.inCharge && a.status === "SCHEDULED" ? (
                    <AppointmentActions
                      appointmentId={a.id}
                      started={started}
                      rescheduleHref={rescheduleHref(seeker.id, a.id, false)}
                      label={appointmentLabel(at(a.startsAt), APPOINTMENT_KIND_LABELS[a.kind])}
                    />
                  ) : null}
                  {choices && choices.appointmentId === a.id ? (
                    <RescheduleForm key={`${a.id}-${after ?? ""}-${agreed}`} seekerId={seeker.id} choices={choices} timeZone={zone} after={after} />
                  ) : null}
                </>
              )}
            </ItemList>
          </Section>
        ))}

        <Section id="historique" title="Historique des modalités">
          <ItemList items={file.modalityHistory} empty="Aucune affectation." className="text-sm" itemClassName="py-1">
            {historyLine}
          </ItemList>
        </Section>

        <Section id="diagnostics" title="Diagnostics">
          <ItemList items={file.diagnostics} empty="Aucun diagnostic." className="divide-y divide-slate-100 text-sm" itemClassName="py-2">
            {(d) => (
              <>
                <p className="font-medium">
                  {formatShortDate(new Date(d.createdAt))} par {d.author.firstName} {d.author.lastName} — proposé : {MODALITY_LABELS[d.proposedModality]},
                  décidé : {MODALITY_LABELS[d.decidedModality]} (score {d.professionalScore} / 12, règles {d.rulesetVersion})
                </p>
                {d.overrideJustification ? <p>Justification : « {d.overrideJustification} »</p> : null}
                {d.reasons ? (
                  <ul className="mt-1 list-disc pl-5 text-slate-700">
                    {d.reasons.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                ) : null}
              </>
            )}
          </ItemList>
        </Section>
      </div>
    </AppShell>
  );
}
