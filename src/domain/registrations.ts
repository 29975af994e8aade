/**
 * Registrations imported from the national information system's export (docs/rules.md#registrations): the pure
 * rules on one registrant's fields — France Travail identifier, dates, category, civility, names, e-mail — and the
 * commune-name comparison the territory lookup uses. No file reading, database or clock here: « today » is a parameter.
 */
import { daysFromCivil, daysInMonth, fromDayNumber, isValidDate, type IsoDate } from "./dates";

/** A France Travail identifier: 7 digits then one capital letter, e.g. « 0123456A » (the demo data's format). */
export const FRANCE_TRAVAIL_ID_PATTERN = /^\d{7}[A-Z]$/;

/** The identifier as stored (trimmed, letter in capitals), or null when it is not 7 digits and a letter. */
export function parseFranceTravailId(text: string): string | null {
  const id = text.trim().toUpperCase();
  return FRANCE_TRAVAIL_ID_PATTERN.test(id) ? id : null;
}

/** The registration categories (« catégories de demandeurs d'emploi »), A to E. */
export const REGISTRATION_CATEGORIES = ["A", "B", "C", "D", "E"] as const;
export type RegistrationCategory = (typeof REGISTRATION_CATEGORIES)[number];

/** « A », « a », « Cat. A », « Catégorie A » → « A »; anything else → null. */
export function parseCategory(text: string): RegistrationCategory | null {
  const letter = foldText(text)
    .replace(/^(categorie|cat)\.?\s*/, "")
    .trim()
    .toUpperCase();
  return (REGISTRATION_CATEGORIES as readonly string[]).includes(letter) ? (letter as RegistrationCategory) : null;
}

export type RegistrationCivility = "M" | "MME";

/** « M », « M. », « Monsieur » → M; « Mme », « Madame », « Mlle », « Mademoiselle » → MME; else null. */
export function parseCivility(text: string): RegistrationCivility | null {
  const word = foldText(text).replace(/\.$/, "");
  if (word === "m" || word === "monsieur" || word === "mr") return "M";
  if (word === "mme" || word === "madame" || word === "mlle" || word === "mademoiselle") return "MME";
  return null;
}

/**
 * A calendar date written JJ/MM/AAAA (day and month may have one digit) or AAAA-MM-JJ, as `YYYY-MM-DD`; null when
 * the text is not such a date or names a day that does not exist (31/02/1990).
 */
export function parseFrenchDate(text: string): IsoDate | null {
  const value = text.trim();
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (french) {
    const [, day = "", month = "", year = ""] = french;
    const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
    return isValidDate(iso) ? iso : null;
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && isValidDate(value) ? value : null;
}

/**
 * The date of an Excel serial day number (1900 date system: 1 = 1900-01-01, with Excel's phantom 1900-02-29, so
 * serials from 61 on are one day ahead); null for serials before 1900-03-01 or with a time part.
 */
export function excelSerialToDate(serial: number): IsoDate | null {
  if (!Number.isInteger(serial) || serial < 61 || serial > 2_958_465) return null;
  return fromDayNumber(daysFromCivil(1899, 12, 30) + serial);
}

/** Youngest and oldest age (in whole years, at the registration date) accepted for a registrant. */
export const MIN_REGISTRATION_AGE = 16;
export const MAX_REGISTRATION_AGE = 70;

/** Age in whole years on `date` of a person born on `birthDate`. */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  // Born on 29 February: the birthday falls on 28 February in common years.
  const birthdayDay = Math.min(bd, daysInMonth(y, bm));
  return y - by - (m < bm || (m === bm && d < birthdayDay) ? 1 : 0);
}

/**
 * Why a registrant's dates cannot be right, in French, or null when they are plausible: the registration is not in
 * the future, and the person is between 16 and 70 on the registration date (the legal minimum age to work, and well
 * past the retirement age — anything outside is a typing error).
 */
export function registrationDatesProblem(birthDate: IsoDate, registrationDate: IsoDate, today: IsoDate): string | null {
  if (registrationDate > today) return `La date d'inscription ${frenchDate(registrationDate)} est dans le futur.`;
  if (birthDate >= registrationDate) return `La date de naissance ${frenchDate(birthDate)} n'est pas antérieure à l'inscription.`;
  const age = ageOn(birthDate, registrationDate);
  if (age < MIN_REGISTRATION_AGE)
    return `Date de naissance invraisemblable (${frenchDate(birthDate)}) : ${age} ans à l'inscription, ${MIN_REGISTRATION_AGE} ans au moins sont attendus.`;
  if (age > MAX_REGISTRATION_AGE)
    return `Date de naissance invraisemblable (${frenchDate(birthDate)}) : ${age} ans à l'inscription, ${MAX_REGISTRATION_AGE} ans au plus sont attendus.`;
  return null;
}

/** `YYYY-MM-DD` as « JJ/MM/AAAA ». */
export function frenchDate(date: IsoDate): string {
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y}`;
}

/** A person's name as stored: trimmed, inner runs of spaces collapsed to one; empty → null. */
export function normaliseName(text: string): string | null {
  const name = text.replace(/\s+/g, " ").trim();
  return name === "" ? null : name;
}

/** Longest accepted name, address or commune (longer is not a name but a pasted paragraph). */
export const MAX_TEXT_LENGTH = 200;

/** An e-mail address as stored: trimmed and in lower case; null when it is not one (one « @ », a dotted domain). */
export function parseEmail(text: string): string | null {
  const email = text.trim().toLowerCase();
  if (email.length > 254) return null;
  return /^[^\s@<>(),;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(email) ? email : null;
}

/** A French postal code: five digits (a number cell that lost its leading zero, 1000, is padded back). */
export function parsePostalCode(text: string): string | null {
  const code = text.trim();
  if (/^\d{4}$/.test(code)) return `0${code}`;
  return /^\d{5}$/.test(code) ? code : null;
}

/** The département a postal code belongs to, for reading phone numbers: « 974 » for 974xx, else the first two digits. */
export function departementOfPostalCode(postalCode: string): string {
  return postalCode.startsWith("97") ? postalCode.slice(0, 3) : postalCode.slice(0, 2);
}

/** Lower case, without accents, trimmed: the comparison form of labels and commune names. */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The comparison key of a commune name: no accents, case, hyphens, apostrophes or spaces, « Saint(e) » and « St(e) »
 * alike — « SAINT-ETIENNE-DU-ROUVRAY », « St Étienne du Rouvray » and « Saint-Étienne-du-Rouvray » have one key.
 */
export function communeKey(name: string): string {
  return foldText(name)
    .replace(/[-'’_.]/g, " ")
    .replace(/\bste\b/g, "sainte")
    .replace(/\bst\b/g, "saint")
    .replace(/\s+/g, "");
}
