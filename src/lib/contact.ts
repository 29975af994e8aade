import { parsePhone, smsNumber } from "@/lib/phone";

/**
 * A seeker's contact details as the seeker or their advisor types them (docs/rules.md#messages-to-seekers): an e-mail
 * address and a phone number, each optional (empty: none). The number is read in the numbering plan of the agency's
 * département (`parsePhone`) and stored in the national form the demo data and the agencies write
 * (« 06 39 98 12 34 », « 0692 12 34 56 » in Réunion), or in E.164 (« +32 470 … » → « +32470… ») when the national
 * form would not read back as the same number in that département (a foreign number). Pure: no I/O.
 */

/** Long enough for any real address (RFC 5321 allows 254), short enough to be no dump. */
export const EMAIL_MAX_LENGTH = 254;

/** One @, a dot in the domain, no space: what a person can check by eye; the mail server says the rest (bounce). */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/;

export type FieldResult = { ok: true; value: string | null } | { ok: false; message: string };

export function readEmail(input: string): FieldResult {
  const text = input.trim();
  if (text === "") return { ok: true, value: null };
  if (text.length > EMAIL_MAX_LENGTH) return { ok: false, message: "L'adresse e-mail est trop longue." };
  if (!EMAIL.test(text) || text.includes("..")) {
    return { ok: false, message: "L'adresse e-mail n'est pas valide. Exemple : prenom.nom@exemple.fr" };
  }
  return { ok: true, value: text };
}

/** The number as stored, or null for none; a message when it is not a phone number. */
export function readPhone(input: string, departement: string | null | undefined): FieldResult {
  if (input.trim() === "") return { ok: true, value: null };
  const parsed = parsePhone(input, departement);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const { display, e164 } = parsed.phone;
  const national = parsePhone(display, departement);
  return { ok: true, value: national.ok && national.phone.e164 === e164 ? display : e164 };
}

/** Whether two stored e-mail addresses are the same (the case of an address does not matter in practice). */
export function sameEmail(a: string | null, b: string | null): boolean {
  return (a?.trim().toLowerCase() ?? null) === (b?.trim().toLowerCase() ?? null);
}

/** Whether two stored numbers are the same number (« 06 39 98 12 34 » and « +33639981234 » are). */
export function samePhone(a: string | null, b: string | null, departement: string | null | undefined): boolean {
  if (a === null || b === null) return a === b;
  const key = (value: string) => {
    const parsed = parsePhone(value, departement);
    return parsed.ok ? parsed.phone.e164 : value.replace(/\s/g, "");
  };
  return key(a) === key(b);
}

/** Whether the number can receive an SMS (a valid mobile in the agency's numbering plan). */
export function canReceiveSms(phone: string | null, departement: string | null | undefined): boolean {
  return smsNumber(phone, departement) !== null;
}
