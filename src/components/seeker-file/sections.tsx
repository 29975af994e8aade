/**
 * The sections of a seeker's file that the advisor's page (/conseiller/demandeurs/[id]) and the manager's read-only
 * page (/agence/demandeurs/[id]) both show, from the same `seekerFile` query. What only the advisor in charge may see
 * (the barriers) or do (book, move, record an outcome) stays on the advisor's page: these sections show what the
 * file holds for whoever reads it, and take the advisor's buttons as `children` or `actions`.
 */
import Link from "next/link";
import type { SeekerFile, SeekerFileAppointment } from "@/server/queries/seeker-file";
import { MODALITY_LABELS, REVIEW_KIND_LABELS, REVIEW_KINDS, reviewWindows } from "@/domain";
import { APPOINTMENT_KIND_LABELS, APPOINTMENT_STATUS_LABELS, CHANNEL_LABELS } from "@/lib/labels";
import { formatDateTime, formatShortDate, ofName } from "@/lib/format";
import { Section } from "@/components/Section";
import { ItemList } from "@/components/ItemList";

const ASSIGNMENT_REASON_LABELS = {
  DIAGNOSTIC: "Diagnostic",
  OVERRIDE: "Diagnostic (modalité modifiée)",
  TRANSFER: "Transfert",
  REBALANCE: "Rééquilibrage",
} as const;

const nameOf = (person: { firstName: string; lastName: string }) => `${person.firstName} ${person.lastName}`;

/** « lundi 12 janvier 2026 à 14 h 00 » in the agency's time zone. */
export function fileDateTime(file: SeekerFile, iso: string): string {
  return formatDateTime(new Date(iso), file.agency.timeZone);
}

/** « 12/01/2026 → aujourd'hui : Accompagnement guidé, portefeuille de Camille Durand · Diagnostic par … ». */
export function historyLine(h: SeekerFile["modalityHistory"][number]): string {
  const period = `${formatShortDate(new Date(h.startedAt))}${h.endedAt ? ` → ${formatShortDate(new Date(h.endedAt))}` : " → aujourd'hui"}`;
  const how = `${ASSIGNMENT_REASON_LABELS[h.reason]}${h.actor ? ` par ${nameOf(h.actor)}` : ""}`;
  const extra = `${h.forced ? " (au-delà du plafond)" : ""}${h.note ? ` — « ${h.note} »` : ""}`;
  return `${period} : ${MODALITY_LABELS[h.modality]}, portefeuille ${ofName(nameOf(h.advisor))} · ${how}${extra}`;
}

/** « Suivi · Téléphone · avec Camille Durand ». */
export function appointmentLine(appointment: SeekerFileAppointment): string {
  return `${APPOINTMENT_KIND_LABELS[appointment.kind]} · ${CHANNEL_LABELS[appointment.channel]} · avec ${nameOf(appointment.advisor)}`;
}

export function IdentitySection({ seeker }: { seeker: SeekerFile["seeker"] }) {
  return (
    <Section id="identite" title="Identité et contact">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">Identifiant</dt>
        <dd className="font-mono">{seeker.franceTravailId}</dd>
        <dt className="text-slate-600">Inscription</dt>
        <dd>
          {formatShortDate(new Date(seeker.registrationDate))} (catégorie {seeker.category})
        </dd>
        <dt className="text-slate-600">Adresse</dt>
        <dd>
          {seeker.address ? `${seeker.address}, ` : ""}
          {seeker.postalCode} {seeker.commune}
        </dd>
        <dt className="text-slate-600">E-mail</dt>
        <dd>{seeker.email ?? "—"}</dd>
        <dt className="text-slate-600">Téléphone</dt>
        <dd>{seeker.phone ?? "—"}</dd>
      </dl>
    </Section>
  );
}

/**
 * The modality, the agreed rhythm and the portfolio. `portfolioHref`: the portfolio's page, for whoever may open it
 * (the manager); `children`: the advisor's buttons.
 */
export function ModalitySection({ file, portfolioHref, children }: { file: SeekerFile; portfolioHref?: string; children?: React.ReactNode }) {
  const { seeker, portfolio } = file;
  return (
    <Section id="modalite" title="Accompagnement">
      <p className="font-medium">
        {seeker.modality ? MODALITY_LABELS[seeker.modality] : "En attente du diagnostic"}
        {seeker.webOnly ? " · 100 % web" : ""}
        {seeker.agreedRhythmMonths ? ` · rythme convenu : tous les ${seeker.agreedRhythmMonths === 1 ? "mois" : `${seeker.agreedRhythmMonths} mois`}` : ""}
      </p>
      {portfolio ? (
        <p className="text-sm">
          {portfolioHref ? (
            <Link href={portfolioHref} className="text-brand-700 underline">
              Portefeuille {ofName(nameOf(portfolio.advisor))}
            </Link>
          ) : (
            `Portefeuille ${ofName(nameOf(portfolio.advisor))}`
          )}
        </p>
      ) : null}
      {children}
    </Section>
  );
}

/** The M4 and M9 review windows and the review appointments booked in them. */
export function ReviewsSection({ file }: { file: SeekerFile }) {
  const windows = reviewWindows(file.seeker.registrationDate);
  const reviewsOf = (kind: "REVIEW_M4" | "REVIEW_M9") =>
    [...file.appointments.past, ...file.appointments.upcoming].filter((a) => a.kind === kind && a.status !== "CANCELLED");
  return (
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
                    {fileDateTime(file, a.startsAt)} · {APPOINTMENT_STATUS_LABELS[a.status]}
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
  );
}

/**
 * « Rendez-vous à venir » then « Rendez-vous passés »: when, status (a past one still planned is « À renseigner »),
 * kind, channel and with whom. `actions`: what the advisor may do on one (nothing for a reader).
 */
export function AppointmentSections({
  file,
  actions,
}: {
  file: SeekerFile;
  actions?: (appointment: SeekerFileAppointment, started: boolean) => React.ReactNode;
}) {
  return (
    <>
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
                  {fileDateTime(file, a.startsAt)} — {started && a.status === "SCHEDULED" ? "À renseigner" : APPOINTMENT_STATUS_LABELS[a.status]}
                </p>
                <p className="text-slate-700">
                  {appointmentLine(a)}
                  {a.replacesId ? " · remplace un rendez-vous reporté" : ""}
                </p>
                {actions?.(a, started)}
              </>
            )}
          </ItemList>
        </Section>
      ))}
    </>
  );
}

/** Every assignment, latest first: period, modality, portfolio, how (and by whom), over the cap, the note. */
export function ModalityHistorySection({ file }: { file: SeekerFile }) {
  return (
    <Section id="historique" title="Historique des modalités">
      <ItemList items={file.modalityHistory} empty="Aucune affectation." className="text-sm" itemClassName="py-1">
        {historyLine}
      </ItemList>
    </Section>
  );
}

/**
 * Every diagnostic, latest first: author, proposed and decided modality, score, rules, the justification of an
 * override, and the proposal's reasons when the file carries them (they name barriers: advisor in charge only).
 */
export function DiagnosticsSection({ file }: { file: SeekerFile }) {
  return (
    <Section id="diagnostics" title="Diagnostics">
      <ItemList items={file.diagnostics} empty="Aucun diagnostic." className="divide-y divide-slate-100 text-sm" itemClassName="py-2">
        {(d) => (
          <>
            <p className="font-medium">
              {formatShortDate(new Date(d.createdAt))} par {nameOf(d.author)} — proposé : {MODALITY_LABELS[d.proposedModality]}, décidé :{" "}
              {MODALITY_LABELS[d.decidedModality]} (score {d.professionalScore} / 12, règles {d.rulesetVersion})
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
  );
}
