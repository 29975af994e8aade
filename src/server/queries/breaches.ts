/**
 * The breaches (manquements) of a file under the 2025 offer (docs/rules.md#breaches-2025), read-only: for the staff's
 * file (`seekerBreaches`: the advisor in charge, the agency's manager, an administrator) and for the seeker's own
 * space (`ownBreaches`). Each breach with its steps, its state on the agency's today, the 10-day answer deadline and
 * whether it has passed, and the steps told in plain words (`breachStepTexts`). Nothing here writes.
 */
import "server-only";
import {
  BREACH_ANSWER_LABELS,
  BREACH_AUTHORITY_LABELS,
  BREACH_DECISION_LABELS,
  BREACH_OBLIGATION_LABELS,
  BREACH_STATE_LABELS,
  breachSituation,
  breachStepTexts,
  localDateOf,
  repeatedBreachUntil,
  timeZoneOf,
  type BreachRecord,
  type BreachSituation,
  type BreachStepText,
  type IsoDate,
} from "@/domain";
import type { AgencyOffer, BreachAnswerKind, BreachAuthority, BreachDecisionKind, BreachEventKind, BreachObligation } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import { hasPermission, SEEKER_SCOPES, type Actor } from "@/server/auth/policy";
import { isUuid } from "@/lib/route-params";
import { isoDate } from "@/lib/format";

export type BreachStepView = {
  kind: BreachEventKind;
  on: IsoDate;
  label: string;
  /** The answer's kind, the decision's kind and authority, in words. */
  detail: string | null;
  /** What was entered: the answer's summary, the decision's text, the remobilisation's note. */
  text: string | null;
  author: string;
};

export type BreachView = {
  id: string;
  obligation: BreachObligation;
  obligationLabel: string;
  facts: string;
  occurredOn: IsoDate;
  reportedBy: string;
  situation: BreachSituation;
  stateLabel: string;
  steps: BreachStepView[];
  /** A first sanction's 24 months still run on the breach's date: it counts as repeated until then (informative). */
  repeatedUntil: IsoDate | null;
  /** The steps told to the person in plain words. */
  seekerTexts: BreachStepText[];
};

export type SeekerBreaches = { offer: AgencyOffer; today: IsoDate; breaches: BreachView[] };

type Row = {
  id: string;
  obligation: BreachObligation;
  facts: string;
  occurredOn: Date;
  reportedById: string;
  events: {
    kind: BreachEventKind;
    on: Date;
    answerKind: BreachAnswerKind | null;
    decisionKind: BreachDecisionKind | null;
    authority: BreachAuthority | null;
    text: string | null;
    authorId: string;
  }[];
};

const STEP_LABELS: Record<BreachEventKind, string> = {
  NOTIFIED: "Notification de la sanction envisagée",
  ANSWERED: "Réponse de la personne",
  DECIDED: "Décision",
  LIFTED: "Remobilisation : manquement levé",
};

async function breachesOf(seekerId: string, departement: string, now: Date, offer: AgencyOffer): Promise<SeekerBreaches> {
  const db = await prisma();
  const today = localDateOf(now.toISOString(), timeZoneOf(departement));
  const breaches = await db.breach.findMany({
    where: { seekerId },
    orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }],
    select: { id: true, obligation: true, facts: true, occurredOn: true, reportedById: true },
  });
  if (breaches.length === 0) return { offer, today, breaches: [] };
  const events = await db.breachEvent.findMany({
    where: { breachId: { in: breaches.map((b) => b.id) } },
    orderBy: [{ on: "asc" }, { createdAt: "asc" }],
    select: { breachId: true, kind: true, on: true, answerKind: true, decisionKind: true, authority: true, text: true, authorId: true },
  });
  const rows: Row[] = breaches.map((b) => ({ ...b, events: events.filter((e) => e.breachId === b.id) }));
  const userIds = [...new Set(rows.flatMap((r) => [r.reportedById, ...r.events.map((e) => e.authorId)]))];
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, firstName: true, lastName: true } });
  const nameOf = (id: string) => {
    const u = users.find((x) => x.id === id);
    return u ? `${u.firstName} ${u.lastName}` : "—";
  };
  const sanctionDates = rows.flatMap((r) => r.events.filter((e) => e.kind === "DECIDED" && e.decisionKind === "SANCTION").map((e) => isoDate(e.on)));
  return {
    offer,
    today,
    breaches: rows.map((r) => {
      const occurredOn = isoDate(r.occurredOn);
      const record: BreachRecord = {
        occurredOn,
        steps: r.events.map((e) => ({ kind: e.kind, on: isoDate(e.on), answerKind: e.answerKind, decisionKind: e.decisionKind })),
      };
      const situation = breachSituation(record, today);
      const decision = r.events.find((e) => e.kind === "DECIDED");
      // A sanction of this very breach does not make it repeated: only earlier ones count.
      const ownSanction = decision?.decisionKind === "SANCTION" ? isoDate(decision.on) : null;
      const earlier = sanctionDates.filter((d) => d !== ownSanction && d < occurredOn);
      return {
        id: r.id,
        obligation: r.obligation,
        obligationLabel: BREACH_OBLIGATION_LABELS[r.obligation],
        facts: r.facts,
        occurredOn,
        reportedBy: nameOf(r.reportedById),
        situation,
        stateLabel: BREACH_STATE_LABELS[situation.state],
        steps: r.events.map((e) => ({
          kind: e.kind,
          on: isoDate(e.on),
          label: STEP_LABELS[e.kind],
          detail:
            e.kind === "ANSWERED" && e.answerKind
              ? BREACH_ANSWER_LABELS[e.answerKind]
              : e.kind === "DECIDED" && e.decisionKind && e.authority
                ? `${BREACH_DECISION_LABELS[e.decisionKind]} — ${BREACH_AUTHORITY_LABELS[e.authority]}`
                : null,
          text: e.text,
          author: nameOf(e.authorId),
        })),
        repeatedUntil: repeatedBreachUntil(earlier, occurredOn),
        seekerTexts: breachStepTexts({ ...record, obligation: r.obligation, decisionText: decision?.text ?? null }, today),
      };
    }),
  };
}

/** The file's breaches for the staff who may read them (the `breaches` scope); null otherwise. */
export async function seekerBreaches(actor: Actor, seekerId: string, options: { now?: Date } = {}): Promise<SeekerBreaches | null> {
  if (!hasPermission(actor, "breach:read") || !isUuid(seekerId)) return null;
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: { AND: [SEEKER_SCOPES.breaches(actor), { id: seekerId }] },
    select: { id: true, agency: { select: { offer: true, departement: true } } },
  });
  if (!seeker) return null;
  return breachesOf(seeker.id, seeker.agency.departement, options.now ?? new Date(), seeker.agency.offer);
}

/** The signed-in seeker's own breaches (never another's); null for anyone else. */
export async function ownBreaches(actor: Actor, options: { now?: Date } = {}): Promise<SeekerBreaches | null> {
  if (actor.role !== "SEEKER") return null;
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: SEEKER_SCOPES.ownFile(actor),
    select: { id: true, agency: { select: { offer: true, departement: true } } },
  });
  if (!seeker) return null;
  return breachesOf(seeker.id, seeker.agency.departement, options.now ?? new Date(), seeker.agency.offer);
}
