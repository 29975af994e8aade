/**
 * What a registration import does with one checked row of the national file (docs/rules.md#registration-imports):
 * « nouveau », « mis à jour » (which fields; « dossier rouvert » for a closed file), « inchangé », « transfert
 * d'agence », or refused with a French reason. Pure: the caller looked up the seeker with the row's France Travail
 * identifier and the agency of the row's territory.
 */
import type { IsoDate } from "./dates";

/** The fields of a seeker the national file carries (the normalised row). */
export type RegistrantFields = {
  franceTravailId: string;
  civility: "M" | "MME" | null;
  lastName: string;
  firstName: string;
  birthDate: IsoDate;
  email: string | null;
  phone: string | null;
  address: string | null;
  postalCode: string;
  commune: string;
  registrationDate: IsoDate;
  category: "A" | "B" | "C" | "D" | "E";
};

/** The seeker found with the same identifier, as the database holds them. */
export type ExistingSeeker = Omit<RegistrantFields, "franceTravailId" | "civility" | "email" | "phone" | "address"> & {
  civility: "M" | "MME" | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  agencyId: string;
  status: "AWAITING_DIAGNOSTIC" | "FOLLOWED" | "CLOSED";
  anonymised: boolean;
};

export type RowOutcome = "NEW" | "UPDATED" | "UNCHANGED" | "TRANSFER" | "REFUSED";

export type Classification =
  | { outcome: "NEW"; agencyId: string }
  | { outcome: "UPDATED"; agencyId: string; changes: (keyof RegistrantFields)[]; reopens: boolean; reason: string }
  | { outcome: "UNCHANGED"; agencyId: string }
  | { outcome: "TRANSFER"; agencyId: string; changes: (keyof RegistrantFields)[]; reason: string }
  | { outcome: "REFUSED"; reason: string };

/** The French names of the fields, as the per-row report says what changes. */
export const REGISTRANT_FIELD_LABELS: Readonly<Record<keyof RegistrantFields, string>> = {
  franceTravailId: "identifiant",
  civility: "civilité",
  lastName: "nom",
  firstName: "prénom",
  birthDate: "date de naissance",
  email: "e-mail",
  phone: "téléphone",
  address: "adresse",
  postalCode: "code postal",
  commune: "commune",
  registrationDate: "date d'inscription",
  category: "catégorie",
};

export const OUTCOME_LABELS: Readonly<Record<RowOutcome, string>> = {
  NEW: "nouveau",
  UPDATED: "mis à jour",
  UNCHANGED: "inchangé",
  TRANSFER: "transfert d'agence",
  REFUSED: "refusé",
};

export const OUT_OF_TERRITORY = "hors du territoire de l'agence";
export const OTHER_AGENCY_FILE = "dossier suivi par une autre agence";
export const ANONYMISED_FILE = "dossier clos et anonymisé : il ne peut pas être repris par un import";
export const DUPLICATE_ROW = "ligne en double (identifiant déjà présent plus haut dans le fichier)";
export const REOPENED = "dossier rouvert";

/**
 * The fields the file changes. An empty optional field of the file (civility, e-mail, phone, address) keeps what the
 * database holds: the national file may lack what the seeker gave Modalis.
 */
export function changedFields(row: RegistrantFields, seeker: ExistingSeeker): (keyof RegistrantFields)[] {
  const changes: (keyof RegistrantFields)[] = [];
  const keep = ["civility", "email", "phone", "address"] as const;
  for (const field of keep) if (row[field] !== null && row[field] !== seeker[field]) changes.push(field);
  const always = ["lastName", "firstName", "birthDate", "postalCode", "commune", "registrationDate", "category"] as const;
  for (const field of always) if (row[field] !== seeker[field]) changes.push(field);
  return changes;
}

function describe(changes: (keyof RegistrantFields)[]): string {
  return changes.map((field) => REGISTRANT_FIELD_LABELS[field]).join(", ");
}

/**
 * Classifies a valid row. `scopeAgencyId`: the importer's agency (a manager, or the administrator's `--agency`), null
 * for every agency. `territoryAgencyId`: the agency of the row's commune.
 */
export function classifyRegistrant(input: {
  row: RegistrantFields;
  seeker: ExistingSeeker | null;
  territoryAgencyId: string;
  scopeAgencyId: string | null;
}): Classification {
  const { row, seeker, territoryAgencyId, scopeAgencyId } = input;
  const inScope = (agencyId: string) => scopeAgencyId === null || agencyId === scopeAgencyId;
  if (!seeker) {
    return inScope(territoryAgencyId) ? { outcome: "NEW", agencyId: territoryAgencyId } : { outcome: "REFUSED", reason: OUT_OF_TERRITORY };
  }
  if (seeker.anonymised) return { outcome: "REFUSED", reason: ANONYMISED_FILE };
  const changes = changedFields(row, seeker);
  if (seeker.status === "CLOSED") {
    // A closed file found again reopens in the agency of its (new) territory.
    if (!inScope(territoryAgencyId)) return { outcome: "REFUSED", reason: OUT_OF_TERRITORY };
    const detail = changes.length ? `${REOPENED} ; ${describe(changes)}` : REOPENED;
    return { outcome: "UPDATED", agencyId: territoryAgencyId, changes, reopens: true, reason: detail };
  }
  // An open file: only its own agency (or the administrator) may touch it.
  if (!inScope(seeker.agencyId)) return { outcome: "REFUSED", reason: OTHER_AGENCY_FILE };
  if (seeker.agencyId !== territoryAgencyId) {
    return { outcome: "TRANSFER", agencyId: territoryAgencyId, changes, reason: describe(changes) };
  }
  if (changes.length === 0) return { outcome: "UNCHANGED", agencyId: seeker.agencyId };
  return { outcome: "UPDATED", agencyId: seeker.agencyId, changes, reopens: false, reason: describe(changes) };
}
