/**
 * The state of a file's 2025 orientation (issue 20, docs/rules.md#orientation-2025), for the seeker's file: the latest
 * orientation and, for an RSA recipient, the département's decision on it. Read-only: nothing here writes.
 *
 * - A proposal to the département not decided yet: « proposition transmise au département », due 6 weeks
 *   (`rsaOrientationDueDate`) after the RSA right's opening. Modalis does not record that opening date (no field in
 *   the schema): the orientation's own date is used as the start — Modalis's reading, the earliest date it knows.
 * - Decided (by France Travail on the orientation's day, or by the département on its decision's date): the parcours,
 *   « orienté vers … » the organisme référent, France Travail's intensity, and the contract's due date
 *   (`contractDueDate` from that day: one month later).
 *
 * The situation (RSA, RQTH, age) and the proposal's reasons (which may name the RQTH) are not part of this payload.
 * Null when the actor may not read orientations or the seeker is outside their scope.
 */
import "server-only";
import {
  compareDates,
  contractDueDate,
  INTENSITY_LABELS,
  intensityAfterDepartementDecision,
  localDateOf,
  PARCOURS_LABELS,
  REFERENT_LABELS,
  rsaOrientationDueDate,
  timeZoneOf,
  type IsoDate,
  type Intensity,
  type Parcours,
  type Referent,
} from "@/domain";
import { prisma } from "@/server/db";
import { hasPermission, SEEKER_SCOPES, type Actor } from "@/server/auth/policy";
import { isUuid } from "@/lib/route-params";
import type { AgencyOffer } from "@/generated/prisma/client";
import { isoDate } from "@/lib/format";

export type OrientationChoiceView = {
  parcours: Parcours;
  parcoursLabel: string;
  referent: Referent;
  referentLabel: string;
  intensity: Intensity | null;
  intensityLabel: string | null;
};

export type SeekerOrientation = {
  offer: AgencyOffer;
  /** The latest orientation; null when none was recorded. */
  latest: {
    orientationId: string;
    orientedOn: IsoDate;
    rulesetVersion: string;
    proposed: OrientationChoiceView & { tandem: boolean };
    /** The advisor's choice (France Travail's decision, or its proposal to the département). */
    advised: OrientationChoiceView & { tandem: boolean };
    override: boolean;
    state:
      | { kind: "PENDING_DEPARTEMENT"; label: string; dueOn: IsoDate; overdue: boolean }
      | {
          kind: "DECIDED";
          label: string;
          decidedBy: "FRANCE_TRAVAIL" | "DEPARTEMENT";
          decidedOn: IsoDate;
          decision: OrientationChoiceView & { tandem: boolean };
          /** « orienté vers … », the organisme référent. */
          orientedTo: string;
          /** The file left France Travail for another organisme référent. */
          handedOver: boolean;
          contractDueOn: IsoDate;
        };
  } | null;
};

const view = (parcours: Parcours, referent: Referent, intensity: Intensity | null): OrientationChoiceView => ({
  parcours,
  parcoursLabel: PARCOURS_LABELS[parcours],
  referent,
  referentLabel: REFERENT_LABELS[referent],
  intensity,
  intensityLabel: intensity === null ? null : INTENSITY_LABELS[intensity],
});

export async function seekerOrientation(actor: Actor, seekerId: string, options: { now?: Date } = {}): Promise<SeekerOrientation | null> {
  if (!hasPermission(actor, "orientation:read") || !isUuid(seekerId)) return null;
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: { AND: [SEEKER_SCOPES.orientation(actor), { id: seekerId }] },
    select: { id: true, agency: { select: { offer: true, departement: true } } },
  });
  if (!seeker) return null;
  return orientationStateOf(seeker.id, seeker.agency, options);
}

/**
 * The orientation state of a seeker already scoped by the caller (the staff's file above, or the seeker's own space in
 * src/server/queries/my-space-2025.ts).
 */
export async function orientationStateOf(
  seekerId: string,
  agency: { offer: AgencyOffer; departement: string },
  options: { now?: Date } = {},
): Promise<SeekerOrientation> {
  const db = await prisma();
  const { offer, departement } = agency;
  const orientation = await db.orientation.findFirst({
    where: { seekerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      createdAt: true,
      rulesetVersion: true,
      proposedParcours: true,
      proposedReferent: true,
      proposedIntensity: true,
      proposedTandem: true,
      decidedBy: true,
      professionalScore: true,
      parcours: true,
      referent: true,
      intensity: true,
      tandem: true,
      overrideJustification: true,
      notifiedOn: true,
    },
  });
  if (!orientation) return { offer, latest: null };

  const timeZone = timeZoneOf(departement);
  const today = localDateOf((options.now ?? new Date()).toISOString(), timeZone);
  const orientedOn = localDateOf(orientation.createdAt.toISOString(), timeZone);
  const advised = { ...view(orientation.parcours, orientation.referent, orientation.intensity), tandem: orientation.tandem };
  const base = {
    orientationId: orientation.id,
    orientedOn,
    rulesetVersion: orientation.rulesetVersion,
    proposed: { ...view(orientation.proposedParcours, orientation.proposedReferent, orientation.proposedIntensity), tandem: orientation.proposedTandem },
    advised,
    override: orientation.overrideJustification !== null,
  };
  const decided = (by: "FRANCE_TRAVAIL" | "DEPARTEMENT", decidedOn: IsoDate, decision: OrientationChoiceView & { tandem: boolean }) => ({
    kind: "DECIDED" as const,
    label: `Orienté vers ${decision.referentLabel} (${decision.parcoursLabel.toLowerCase()}), décision ${by === "DEPARTEMENT" ? "du département" : "de France Travail"}`,
    decidedBy: by,
    decidedOn,
    decision,
    orientedTo: decision.referentLabel,
    handedOver: decision.referent !== "FRANCE_TRAVAIL",
    contractDueOn: contractDueDate({ notifiedOn: decidedOn, departement }),
  });

  if (orientation.decidedBy === "FRANCE_TRAVAIL") {
    // notifiedOn is set on France Travail's decisions (the orientation's day); the creation day is the fallback.
    const on = orientation.notifiedOn ? isoDate(orientation.notifiedOn) : orientedOn;
    return { offer, latest: { ...base, state: decided("FRANCE_TRAVAIL", on, advised) } };
  }
  const decision = await db.departementDecision.findUnique({
    where: { orientationId: orientation.id },
    select: { decidedOn: true, parcours: true, referent: true },
  });
  if (!decision) {
    // The RSA right's opening date is not recorded: the 6 weeks run from the orientation's day (see above).
    const dueOn = rsaOrientationDueDate(orientedOn);
    return {
      offer,
      latest: {
        ...base,
        state: { kind: "PENDING_DEPARTEMENT", label: "Proposition transmise au département", dueOn, overdue: compareDates(today, dueOn) > 0 },
      },
    };
  }
  // The département decides the parcours and the referent; France Travail's intensity follows the rules when it is the referent.
  const intensity = intensityAfterDepartementDecision(decision, orientation.professionalScore);
  const chosen = { ...view(decision.parcours, decision.referent, intensity), tandem: false };
  return { offer, latest: { ...base, state: decided("DEPARTEMENT", isoDate(decision.decidedOn), chosen) } };
}
