/**
 * The agencies' territories (docs/rules.md#agencies-territories): every commune an agency serves, by INSEE code and postal
 * code (table AgencyCommune, filled by the seeds from La Poste's postal codes and INSEE's « code officiel
 * géographique »). `findAgency` is pure: it finds the agency of a registrant's postal code, and of the commune
 * name where two agencies share the postal code.
 */
import { communeKey } from "@/domain";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";

export interface TerritoryCommune {
  inseeCode: string;
  postalCode: string;
  /** Official name of the commune (« Saint-Étienne-du-Rouvray »). */
  name: string;
  agencyId: string;
  agencyCode: string;
}

export interface Territory {
  communes: readonly TerritoryCommune[];
  /** The communes of each postal code. */
  byPostalCode: ReadonlyMap<string, readonly TerritoryCommune[]>;
  /** Agency id of each agency code that serves at least one commune. */
  agencyIdByCode: ReadonlyMap<string, string>;
}

/** Builds the look-up structure from plain rows (tests build territories this way). */
export function territoryOf(communes: readonly TerritoryCommune[]): Territory {
  const byPostalCode = new Map<string, TerritoryCommune[]>();
  const agencyIdByCode = new Map<string, string>();
  for (const commune of communes) {
    const list = byPostalCode.get(commune.postalCode);
    if (list) list.push(commune);
    else byPostalCode.set(commune.postalCode, [commune]);
    agencyIdByCode.set(commune.agencyCode, commune.agencyId);
  }
  return { communes, byPostalCode, agencyIdByCode };
}

/** Every commune of every agency, with the agency's code. */
export async function loadTerritory(db: PrismaClient | Prisma.TransactionClient): Promise<Territory> {
  const rows = await db.agencyCommune.findMany({
    select: { inseeCode: true, postalCode: true, name: true, agencyId: true, agency: { select: { code: true } } },
    orderBy: [{ postalCode: "asc" }, { inseeCode: "asc" }],
  });
  return territoryOf(rows.map(({ agency, ...commune }) => ({ ...commune, agencyCode: agency.code })));
}

export type AgencyLookup = { agencyId: string } | { reason: string };

/**
 * The agency serving `postalCode`: the only one whose communes have it, else the one serving the commune named
 * `communeName` (accents, case, hyphens, « Saint »/« St » ignored); otherwise the French reason why none can be chosen.
 */
export function findAgency(territory: Territory, postalCode: string, communeName: string | null): AgencyLookup {
  const communes = territory.byPostalCode.get(postalCode);
  if (communes === undefined || communes.length === 0) return { reason: `Code postal inconnu du territoire : ${postalCode}` };
  const agencies = new Set(communes.map((c) => c.agencyId));
  if (agencies.size === 1) return { agencyId: communes[0]!.agencyId };
  if (communeName === null || communeName.trim() === "") return { reason: "Code postal partagé entre plusieurs agences : précisez la commune" };
  const key = communeKey(communeName);
  const named = new Set(communes.filter((c) => communeKey(c.name) === key).map((c) => c.agencyId));
  if (named.size === 1) return { agencyId: [...named][0]! };
  return {
    reason:
      `Commune « ${communeName.trim()} » inconnue pour le code postal ${postalCode}, partagé entre plusieurs agences ` +
      `(${communes
        .map((c) => c.name)
        .sort((a, b) => a.localeCompare(b, "fr"))
        .join(", ")})`,
  };
}
