/**
 * SMS length rules: which encoding a text needs, how many messages (segments) it takes, and its closest GSM-7 form.
 *
 * GSM 03.38 (3GPP TS 23.038) default alphabet: 127 basic characters of one septet each, and an extension table whose
 * characters (€ [ ] { } ~ ^ | \ and form feed) take two septets (an escape, then the character). A text made only of
 * these goes as GSM-7: 160 septets in one SMS, 153 per part once concatenated (the rest of each part holds the
 * concatenation header). Any other character sends the whole text as UCS-2 (UTF-16): 70 code units in one SMS, 67 per
 * part. A part never splits an escape pair or a surrogate pair: the character goes whole into the next part.
 *
 * French and GSM-7: é è à ù ì ò É Ç are basic characters; ê â î ô û ë ï ç œ, the typographic apostrophe, « », the
 * non-breaking spaces and … are not, and one of them is enough to halve the room. `toGsm7Friendly` replaces them.
 */

/** The 127 basic characters of the GSM 03.38 default alphabet (the escape 0x1B left out), in table order. */
export const GSM7_BASIC_CHARACTERS =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** The characters of the GSM 03.38 extension table, two septets each: form feed, ^ { } \ [ ~ ] | €. */
export const GSM7_EXTENSION_CHARACTERS = "\f^{}\\[~]|€";

const BASIC = new Set(GSM7_BASIC_CHARACTERS);
const EXTENSION = new Set(GSM7_EXTENSION_CHARACTERS);

/** How an SMS is encoded. */
export type SmsEncoding = "GSM-7" | "UCS-2";

/** Room of one SMS and of each part of a concatenated one: septets in GSM-7, UTF-16 code units in UCS-2. */
export const SMS_LIMITS: Readonly<Record<SmsEncoding, Readonly<{ single: number; perPart: number }>>> = Object.freeze({
  "GSM-7": Object.freeze({ single: 160, perPart: 153 }),
  "UCS-2": Object.freeze({ single: 70, perPart: 67 }),
});

/** Septets a character takes in GSM-7: 1 (basic), 2 (extension), or null when GSM-7 cannot carry it. */
function septets(character: string): 1 | 2 | null {
  if (BASIC.has(character)) return 1;
  if (EXTENSION.has(character)) return 2;
  return null;
}

/** True when every character of `text` is in the GSM 03.38 basic set or its extension table. */
export function isGsm7(text: string): boolean {
  for (const character of text) if (septets(character) === null) return false;
  return true;
}

/** « GSM-7 » when every character is in GSM 03.38 (basic or extension), « UCS-2 » otherwise. */
export function smsEncoding(text: string): SmsEncoding {
  return isGsm7(text) ? "GSM-7" : "UCS-2";
}

/** The cost of each character of `text` in its encoding: septets in GSM-7, UTF-16 code units in UCS-2. */
function units(text: string, encoding: SmsEncoding): number[] {
  const costs: number[] = [];
  for (const character of text) costs.push(encoding === "GSM-7" ? (septets(character) ?? 0) : character.length);
  return costs;
}

/** Length of `text` as the network counts it: septets in GSM-7 (extension characters count 2), UTF-16 code units in UCS-2. */
export function smsLength(text: string): number {
  return units(text, smsEncoding(text)).reduce((sum, cost) => sum + cost, 0);
}

/**
 * How many SMS `text` takes: one while it fits a single SMS (160 septets, or 70 code units), otherwise parts of 153
 * septets (or 67 code units) filled in order, a character that does not fit whole starting the next part. An empty
 * text still takes one SMS.
 */
export function smsSegments(text: string): number {
  const encoding = smsEncoding(text);
  const costs = units(text, encoding);
  const { single, perPart } = SMS_LIMITS[encoding];
  if (costs.reduce((sum, cost) => sum + cost, 0) <= single) return 1;
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > perPart) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return parts;
}

/**
 * Closest GSM-7 forms of the characters French texts use that GSM-7 lacks (and a few neighbours). Letters with an
 * accent GSM-7 lacks lose it through the Unicode decomposition (ê → e, ç → c, È → E); this table holds what the
 * decomposition does not give.
 */
const REPLACEMENTS: Readonly<Record<string, string>> = Object.freeze({
  œ: "oe",
  Œ: "OE",
  "’": "'",
  "‘": "'",
  "‚": "'",
  "‛": "'",
  "′": "'",
  "`": "'",
  "´": "'",
  "‹": "'",
  "›": "'",
  "“": '"',
  "”": '"',
  "„": '"',
  "‟": '"',
  "″": '"',
  "«": '"',
  "»": '"',
  "…": "...",
  "‐": "-",
  "‑": "-",
  "‒": "-",
  "–": "-",
  "—": "-",
  "―": "-",
  "−": "-",
  "•": "-",
  "·": ".",
  "°": "o",
  "×": "x",
  "÷": "/",
  "⁄": "/",
  "\t": " ",
  "\u00a0": " ",
  "\u202f": " ",
  "\u2007": " ",
  "\u205f": " ",
  "\u3000": " ",
  ł: "l",
  Ł: "L",
  đ: "d",
  Đ: "D",
  ð: "d",
  Ð: "D",
  þ: "th",
  Þ: "TH",
  ı: "i",
});

/** Stands for a character that has no close GSM-7 form (Chinese, Arabic, emoji…). */
const UNKNOWN = "?";

/** Invisible characters dropped: controls other than line breaks, and format characters (zero-width, soft hyphen, BOM). */
const INVISIBLE = /^[\p{Cc}\p{Cf}]$/u;
const MARKS = /\p{M}/gu;

/** The GSM-7 form of one character, and whether it had to be replaced by « ? ». */
function gsm7Form(character: string): { text: string; lossy: boolean } {
  if (septets(character) !== null) return { text: character, lossy: false };
  const replacement = REPLACEMENTS[character];
  if (replacement !== undefined) return { text: replacement, lossy: false };
  if (INVISIBLE.test(character)) return { text: "", lossy: false };
  // Compatibility decomposition without the accents: ê → e, ﬁ → fi, ² → 2, ᵉ → e, a non-breaking space → a space.
  const decomposed = character.normalize("NFKD").replace(MARKS, "");
  if (decomposed === "") return { text: "", lossy: false };
  let text = "";
  for (const part of decomposed) {
    const form = septets(part) !== null ? part : REPLACEMENTS[part];
    if (form === undefined) return { text: UNKNOWN, lossy: true };
    text += form;
  }
  return { text, lossy: false };
}

function approximate(text: string): { text: string; lossy: boolean } {
  // French quotes go with their inner (often non-breaking) spaces: « oui » → "oui".
  const quoted = text
    .normalize("NFC")
    .replace(/«[ \u00a0\u202f]*/g, "«")
    .replace(/[ \u00a0\u202f]*»/g, "»");
  let result = "";
  let lossy = false;
  for (const character of quoted) {
    const form = gsm7Form(character);
    result += form.text;
    lossy ||= form.lossy;
  }
  return { text: result, lossy };
}

/**
 * `text` in GSM-7 only, as close as it gets: ê â î ô û ë ï ç lose their accent, œ → oe, ’ → ', « » → ", … → ...,
 * dashes → -, non-breaking spaces → space, invisible characters dropped; a character with no close form (Chinese,
 * Arabic, emoji…) becomes « ? ». A text already in GSM-7 comes back unchanged.
 */
export function toGsm7Friendly(text: string): string {
  return approximate(text).text;
}

/** True when `toGsm7Friendly(text)` needs no « ? »: every character has a GSM-7 form, exact or close. */
export function hasGsm7Approximation(text: string): boolean {
  return !approximate(text).lossy;
}
