/**
 * Checking one row of a registration file (docs/rules.md#registrations): every field read and normalised, or the
 * first French reason the row is refused. Pure (no database): the agency is found afterwards from the territory.
 */
import {
  MAX_TEXT_LENGTH,
  departementOfPostalCode,
  excelSerialToDate,
  parseCategory,
  parseCivility,
  parseEmail,
  parseFranceTravailId,
  parseFrenchDate,
  parsePostalCode,
  normaliseName,
  registrationDatesProblem,
  type IsoDate,
  type RegistrationCategory,
  type RegistrationCivility,
} from "@/domain";
import { parsePhone } from "@/lib/phone";
import { FIELD_LABELS, type CellValue, type RegistrationCells, type RegistrationField } from "./read-file";

export interface Registrant {
  franceTravailId: string;
  civility: RegistrationCivility | null;
  lastName: string;
  firstName: string;
  birthDate: IsoDate;
  email: string | null;
  /** Mobile number in E.164 (« +33612345678 », « +262692123456 »). */
  phone: string | null;
  address: string | null;
  postalCode: string;
  commune: string | null;
  registrationDate: IsoDate;
  category: RegistrationCategory;
  agencyCode: string | null;
}

export type RegistrantCheck = { ok: true; registrant: Registrant } | { ok: false; reason: string };

class RowRefused extends Error {}

function refuse(reason: string): never {
  throw new RowRefused(reason);
}

/** The cell as text (numbers written plainly), null when empty; a formula without a result refuses the row. */
function text(cells: RegistrationCells, field: RegistrationField): string | null {
  const value: CellValue = cells[field];
  if (value === null) return null;
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed === "" ? null : trimmed;
  }
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(value).replace(".", ",");
  if (value.kind === "formula") return refuse(formulaReason(field, value.formula));
  return value.date;
}

function formulaReason(field: RegistrationField, formula: string): string {
  return `La cellule « ${FIELD_LABELS[field]} » contient une formule sans valeur calculée (${shorten(formula)}) : enregistrez le classeur dans Excel, ou collez les valeurs.`;
}

function shorten(value: string, max = 40): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** Fields whose French name is feminine (« Catégorie manquante », « Adresse trop longue »). */
const FEMININE = new Set<RegistrationField>(["birthDate", "registrationDate", "category", "address", "commune", "agencyCode", "civility"]);

function missing(field: RegistrationField): string {
  return `${FIELD_LABELS[field]} ${FEMININE.has(field) ? "manquante" : "manquant"}.`;
}

function required(cells: RegistrationCells, field: RegistrationField): string {
  return text(cells, field) ?? refuse(missing(field));
}

function limited(value: string | null, field: RegistrationField): string | null {
  const normalised = value === null ? null : normaliseName(value);
  if (normalised !== null && normalised.length > MAX_TEXT_LENGTH)
    refuse(`${FIELD_LABELS[field]} trop ${FEMININE.has(field) ? "longue" : "long"} (${MAX_TEXT_LENGTH} caractères au plus).`);
  return normalised;
}

/** A date cell: an Excel date, an Excel serial number, or text JJ/MM/AAAA or AAAA-MM-JJ. */
function date(cells: RegistrationCells, field: RegistrationField): IsoDate {
  const value = cells[field];
  const label = FIELD_LABELS[field];
  if (value === null || (typeof value === "string" && value.trim() === "")) return refuse(missing(field));
  if (typeof value === "object") {
    if (value.kind === "formula") return refuse(formulaReason(field, value.formula));
    return value.date;
  }
  if (typeof value === "number") return excelSerialToDate(value) ?? refuse(`${label} impossible : ${value}.`);
  return parseFrenchDate(value) ?? refuse(`${label} impossible : « ${shorten(value.trim())} » (attendu JJ/MM/AAAA, une date qui existe).`);
}

/**
 * The registrant of a row, or the first reason it is refused: bad identifier, missing name, impossible or
 * implausible dates, registration in the future, bad postal code, invalid e-mail or mobile phone, unknown category.
 */
export function checkRegistrant(cells: RegistrationCells, options: { today: IsoDate }): RegistrantCheck {
  try {
    if (cells.rowProblem) refuse(cells.rowProblem);
    const rawId = required(cells, "franceTravailId");
    const franceTravailId =
      parseFranceTravailId(rawId) ?? refuse(`Identifiant France Travail invalide : « ${shorten(rawId)} » (7 chiffres suivis d'une lettre, ex. 0123456A).`);
    const rawCivility = text(cells, "civility");
    const civility = rawCivility === null ? null : (parseCivility(rawCivility) ?? refuse(`Civilité inconnue : « ${shorten(rawCivility)} » (M ou Mme).`));
    const lastName = limited(text(cells, "lastName"), "lastName") ?? refuse("Nom manquant.");
    const firstName = limited(text(cells, "firstName"), "firstName") ?? refuse("Prénom manquant.");
    const birthDate = date(cells, "birthDate");
    const registrationDate = date(cells, "registrationDate");
    const datesProblem = registrationDatesProblem(birthDate, registrationDate, options.today);
    if (datesProblem) refuse(datesProblem);
    const rawPostalCode = required(cells, "postalCode");
    const postalCode = parsePostalCode(rawPostalCode) ?? refuse(`Code postal invalide : « ${shorten(rawPostalCode)} » (5 chiffres).`);
    const rawEmail = text(cells, "email");
    const email = rawEmail === null ? null : (parseEmail(rawEmail) ?? refuse(`Adresse électronique invalide : « ${shorten(rawEmail)} ».`));
    const rawPhone = text(cells, "phone");
    let phone: string | null = null;
    if (rawPhone !== null) {
      const parsed = parsePhone(rawPhone, departementOfPostalCode(postalCode));
      if (!parsed.ok) refuse(`Téléphone invalide : ${parsed.message}`);
      if (!parsed.phone.mobile) refuse(`Téléphone invalide : « ${shorten(rawPhone)} » n'est pas un numéro de portable.`);
      phone = parsed.phone.e164;
    }
    const rawCategory = required(cells, "category");
    const category = parseCategory(rawCategory) ?? refuse(`Catégorie inconnue : « ${shorten(rawCategory)} » (A, B, C, D ou E).`);
    const agencyCode = text(cells, "agencyCode")?.toUpperCase() ?? null;
    return {
      ok: true,
      registrant: {
        franceTravailId,
        civility,
        lastName,
        firstName,
        birthDate,
        email,
        phone,
        address: limited(text(cells, "address"), "address"),
        postalCode,
        commune: limited(text(cells, "commune"), "commune"),
        registrationDate,
        category,
        agencyCode: agencyCode === null ? null : (limited(agencyCode, "agencyCode") ?? null),
      },
    };
  } catch (error) {
    if (error instanceof RowRefused) return { ok: false, reason: error.message };
    throw error;
  }
}
