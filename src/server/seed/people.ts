/**
 * Invented identities: names, birth dates, e-mail addresses, phone numbers, communes and France Travail
 * identifiers. E-mail domains end in `.test` (reserved, RFC 2606) and phone numbers are taken from the ranges
 * ARCEP reserves for fiction, so no demo message can reach a real person.
 */
import { addDays, type IsoDate } from "@/domain";
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, REUNION_LAST_NAMES } from "./names";
import type { Commune } from "./places";
import type { Random } from "./random";

export interface PersonName {
  firstName: string;
  lastName: string;
}

/** A first and last name (Réunion family names for the 974 agency). */
export function drawName(random: Random, departement: string): PersonName {
  const firstNames = random.chance(0.5) ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES;
  const lastNames = departement === "974" && random.chance(0.8) ? REUNION_LAST_NAMES : LAST_NAMES;
  return { firstName: random.weighted(firstNames), lastName: random.weighted(lastNames) };
}

/** Lower-case ASCII form of a name for e-mail addresses: « Lefèvre-Da Silva » → « lefevre-dasilva ». */
export function emailPart(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "");
}

const MAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ["courriel.test", 5],
  ["messagerie.test", 3],
  ["boite-mail.test", 2],
  ["webmail.test", 1],
];

/** A personal e-mail address in a reserved domain; `serial` keeps homonyms apart. */
export function drawEmail(random: Random, name: PersonName, serial: number): string {
  const first = emailPart(name.firstName);
  const last = emailPart(name.lastName);
  const local = random.weighted([
    [`${first}.${last}`, 4],
    [`${first}${last}`, 1],
    [`${first.slice(0, 1)}.${last}`, 2],
    [`${last}.${first}`, 1],
  ] as const);
  return `${local}.${serial.toString(36)}@${random.weighted(MAIL_DOMAINS)}`;
}

/** A mobile number in the range reserved for fiction (06 39 98 xx xx). */
export function drawPhone(random: Random): string {
  const n = random.int(0, 9999).toString().padStart(4, "0");
  return `06 39 98 ${n.slice(0, 2)} ${n.slice(2)}`;
}

/** A birth date giving an age between 18 and 64 at `today`, most seekers being 25–50. */
export function drawBirthDate(random: Random, today: IsoDate): IsoDate {
  const age = random.weighted([
    [random.int(18, 24), 16],
    [random.int(25, 34), 27],
    [random.int(35, 49), 33],
    [random.int(50, 64), 24],
  ] as const);
  return addDays(today, -(age * 365 + random.int(0, 364)));
}

/** A commune (with postal code) weighted by population. */
export function drawCommune(random: Random, communes: readonly Commune[]): Commune {
  return random.weighted(communes.map((commune) => [commune, commune[2]] as const));
}

// France Travail identifiers: 7 digits + 1 letter (26 × 10^7 values). Serial numbers are spread over that space
// by an affine bijection, so identifiers look random yet never repeat for distinct serials.
const ID_SPACE = 260_000_000;
const ID_MULTIPLIER = 91_838_777; // coprime with 2^8 · 5^7 · 13 (= ID_SPACE)
const ID_OFFSET = 37_409_123;
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The France Travail identifier of serial `n` (unique for 0 ≤ n < 260 000 000). */
export function franceTravailId(serial: number): string {
  if (!Number.isInteger(serial) || serial < 0 || serial >= ID_SPACE) {
    throw new RangeError(`Numéro de série hors limites pour un identifiant France Travail : ${serial}.`);
  }
  const value = Number((BigInt(serial) * BigInt(ID_MULTIPLIER) + BigInt(ID_OFFSET)) % BigInt(ID_SPACE));
  const digits = Math.floor(value / 26);
  return `${digits.toString().padStart(7, "0")}${LETTERS[value % 26]}`;
}
