/**
 * What `/mon-espace` adds for a seeker of an agency on the 2025 offer once oriented (issue 20,
 * docs/rules.md#seeker-space-2025): my parcours and who follows me, my contrat d'engagement (its latest revision, read
 * only), my breaches with their steps, and who sees my data. For the signed-in seeker only; null otherwise (an agency
 * on the 2014 offer, or no orientation yet: the page shows what it showed before). Nothing here writes.
 */
import "server-only";
import { ACTION_STATUS_LABELS, INTENSITY_LABELS, readStoredPlan, type Intensity, type IsoDate, type Referent } from "@/domain";
import { prisma } from "@/server/db";
import { SEEKER_SCOPES, type Actor } from "@/server/auth/policy";
import { isoDate } from "@/lib/format";
import { orientationStateOf, type SeekerOrientation } from "./orientation-2025";
import { ownBreaches, type BreachView } from "./breaches";

export type ContractAction = { label: string; dueOn: IsoDate | null; status: string | null };

export type MyContract = {
  revision: number;
  signedOn: IsoDate | null;
  objectives: string[];
  actions: ContractAction[];
  intensity: Intensity | null;
  intensityWords: string | null;
  /** « 15 heures », « 12 heures 30 ». */
  weeklyHours: string;
  seekerCommitments: string;
  advisorCommitments: string;
};

export type MySpace2025 = {
  today: IsoDate;
  agencyName: string;
  orientation: NonNullable<SeekerOrientation["latest"]>;
  advisor: { firstName: string; lastName: string } | null;
  socialWorker: { firstName: string; lastName: string } | null;
  /** Another organisme follows me (the file was handed over). */
  handedOverTo: Referent | null;
  contract: MyContract | null;
  /** The day the contract must be signed by (a month after the decision); null while the département decides. */
  contractDueOn: IsoDate | null;
  breaches: BreachView[];
};

/** France Travail's intensities in plain words, for the person. */
export const INTENSITY_WORDS: Readonly<Record<Intensity, string>> = {
  INTENSIF: "Vous êtes accompagné·e de près : au moins 2 contacts par mois avec votre conseiller·ère, pendant une durée limitée.",
  AGILE: "Votre accompagnement s'adapte à vos besoins : vous fixez le rythme des rendez-vous avec votre conseiller·ère.",
};

/** « 15 heures », « 7 heures 30 », « 0 heure ». */
export function weeklyHoursWords(halfHours: number): string {
  const hours = Math.floor(halfHours / 2);
  return `${hours} heure${hours > 1 ? "s" : ""}${halfHours % 2 ? " 30" : ""}`;
}

/**
 * The plan d'action of a contract row as the contract editor stores it (`readStoredPlan`, src/domain/contract2025.ts),
 * each action's status in words; an emptied plan (anonymised file) or an unreadable one gives nothing.
 */
export function readPlan(plan: unknown): { objectives: string[]; actions: ContractAction[] } {
  const { objectives, actions } = readStoredPlan(plan);
  return {
    objectives,
    actions: actions.map((action) => ({ label: action.label, dueOn: action.dueOn, status: ACTION_STATUS_LABELS[action.status].toLowerCase() })),
  };
}

export async function mySpace2025(actor: Actor, options: { now?: Date } = {}): Promise<MySpace2025 | null> {
  if (actor.role !== "SEEKER") return null;
  const now = options.now ?? new Date();
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: SEEKER_SCOPES.ownFile(actor),
    select: {
      id: true,
      agency: { select: { name: true, offer: true, departement: true } },
      portfolio: { select: { advisor: { select: { firstName: true, lastName: true } } } },
      tandems: { where: { endedAt: null }, orderBy: { startedAt: "desc" }, take: 1, select: { socialWorker: { select: { firstName: true, lastName: true } } } },
    },
  });
  if (!seeker || seeker.agency.offer !== "OFFRE_2025") return null;
  const state = await orientationStateOf(seeker.id, seeker.agency, { now });
  if (!state.latest) return null;
  const latest = state.latest;
  const [row, breaches] = await Promise.all([
    db.engagementContract.findFirst({
      where: { seekerId: seeker.id },
      orderBy: { revision: "desc" },
      select: {
        revision: true,
        signedOn: true,
        intensity: true,
        weeklyHalfHours: true,
        plan: true,
        seekerCommitments: true,
        advisorCommitments: true,
      },
    }),
    ownBreaches(actor, { now }),
  ]);
  const decided = latest.state.kind === "DECIDED" ? latest.state : null;
  const contract: MyContract | null = row
    ? {
        revision: row.revision,
        signedOn: row.signedOn ? isoDate(row.signedOn) : null,
        ...readPlan(row.plan),
        intensity: row.intensity,
        intensityWords: row.intensity ? `${INTENSITY_LABELS[row.intensity]}. ${INTENSITY_WORDS[row.intensity]}` : null,
        weeklyHours: weeklyHoursWords(row.weeklyHalfHours),
        seekerCommitments: row.seekerCommitments,
        advisorCommitments: row.advisorCommitments,
      }
    : null;
  return {
    today: breaches?.today ?? isoDate(now),
    agencyName: seeker.agency.name,
    orientation: latest,
    advisor: seeker.portfolio?.advisor ?? null,
    socialWorker: seeker.tandems[0]?.socialWorker ?? null,
    handedOverTo: decided?.handedOver ? decided.decision.referent : null,
    contract,
    contractDueOn: decided?.contractDueOn ?? null,
    breaches: breaches?.breaches ?? [],
  };
}
