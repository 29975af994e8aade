import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * Phone numbers of seekers and agencies, read with libphonenumber-js (Google's metadata): written as people write
 * them (« 06 12 34 56 78 », « +262 692 12 34 56 », « 0692123456 »), stored and sent in E.164 (« +33612345678 »).
 * A national number is read in the country of the agency's département: 0692… is a Réunion mobile, 0690… a
 * Guadeloupe one.
 */

/** The numbering country of each overseas département; every other département numbers as metropolitan France. */
const OVERSEAS_COUNTRY: Record<string, CountryCode> = { "971": "GP", "972": "MQ", "973": "GF", "974": "RE", "976": "YT" };

export function phoneCountryOf(departement: string | null | undefined): CountryCode {
  return (departement && OVERSEAS_COUNTRY[departement]) || "FR";
}

/**
 * ARCEP's numbers reserved for fiction (06 39 98 xx xx), which the demo data uses: they reach nobody, and
 * libphonenumber does not know them (0639 is Mayotte's range elsewhere), so they are read as metropolitan mobiles.
 */
const FICTION_MOBILE = /^\+3363998\d{4}$/;

export type ParsedPhone = { e164: string; mobile: boolean; display: string };

export type PhoneResult = { ok: true; phone: ParsedPhone } | { ok: false; message: string };

export function parsePhone(input: string, departement?: string | null): PhoneResult {
  const text = input.trim();
  if (text === "") return { ok: false, message: "Le numéro de téléphone est vide." };
  if (text.length > 30 || !/^[+\d\s.()-]+$/.test(text))
    return { ok: false, message: "Le numéro de téléphone ne doit contenir que des chiffres, des espaces et éventuellement « + »." };
  const country = phoneCountryOf(departement);
  const fiction = text.replace(/[\s.()-]/g, "").replace(/^0/, "+33");
  if (FICTION_MOBILE.test(fiction)) return { ok: true, phone: { e164: fiction, mobile: true, display: nationalDisplay(fiction) } };
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed || !parsed.isValid()) return { ok: false, message: `« ${text} » n'est pas un numéro de téléphone valide.` };
  const type = parsed.getType();
  return {
    ok: true,
    phone: { e164: parsed.number, mobile: type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE", display: parsed.formatNational() },
  };
}

/** The number in E.164 when it is a valid mobile (one that can receive an SMS), else null. */
export function smsNumber(input: string | null | undefined, departement?: string | null): string | null {
  if (!input) return null;
  const result = parsePhone(input, departement);
  return result.ok && result.phone.mobile ? result.phone.e164 : null;
}

function nationalDisplay(e164: string): string {
  const digits = `0${e164.slice(3)}`;
  return digits.replace(/(\d{2})(?=\d)/g, "$1 ");
}
