const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let cached = partsCache.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat("fr-FR", { timeZone, ...options });
    partsCache.set(key, cached);
  }
  return cached;
}

/** « mardi 14 avril 2026 » in the given time zone. */
export function formatLongDate(instant: Date, timeZone: string): string {
  return formatter(timeZone, { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(instant);
}

/** « 13 h 30 » in the given time zone. */
export function formatTime(instant: Date, timeZone: string): string {
  const parts = formatter(timeZone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(instant);
  const hour = parts.find((p) => p.type === "hour")?.value ?? "00";
  const minute = parts.find((p) => p.type === "minute")?.value ?? "00";
  return `${Number(hour)} h ${minute}`;
}

/** « mardi 14 avril 2026 à 13 h 30 ». */
export function formatDateTime(instant: Date, timeZone: string): string {
  return `${formatLongDate(instant, timeZone)} à ${formatTime(instant, timeZone)}`;
}

/** « 1er janvier 2027 », « 14 avril 2026 »: a calendar date ('YYYY-MM-DD') in words, the first of the month as French writes it. */
export function formatCalendarDate(date: string): string {
  const text = formatter("UTC", { day: "numeric", month: "long", year: "numeric" }).format(new Date(`${date}T00:00:00Z`));
  return text.replace(/^1 /, "1er ");
}

/** « 14/04/2026 » (a calendar date stored at UTC midnight). */
export function formatShortDate(date: Date): string {
  return formatter("UTC", { day: "2-digit", month: "2-digit", year: "numeric" }).format(date);
}

/** « 14/04 13 h 30 » in the given time zone, for dense tables. */
export function formatCompactDateTime(instant: Date, timeZone: string): string {
  return `${formatter(timeZone, { day: "2-digit", month: "2-digit" }).format(instant)} ${formatTime(instant, timeZone)}`;
}

const numericDate = (instant: Date, timeZone: string) => formatter(timeZone, { day: "2-digit", month: "2-digit", year: "numeric" }).format(instant);

/** « 14/04/2026 13 h 30 » in the given time zone. */
export function formatNumericDateTime(instant: Date, timeZone: string): string {
  return `${numericDate(instant, timeZone)} ${formatTime(instant, timeZone)}`;
}

/** « 14/04/2026 à 13 h 30 » in the given time zone. */
export function formatShortDateTime(instant: Date, timeZone: string): string {
  return `${numericDate(instant, timeZone)} à ${formatTime(instant, timeZone)}`;
}

/** « 2026-04-14 »: the calendar date of a date column (stored at UTC midnight). */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** « Prénom Nom », as a person is named in messages and lists. */
export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`;
}

/**
 * « de » before a person's name, elided before a vowel or a mute h as French writes it: « d'Aminata », « d'Hélène »,
 * « de Camille ».
 */
export function ofName(name: string): string {
  return /^[aeiouyhàâäéèêëîïôöùûüœæ]/i.test(name.trim()) ? `d'${name.trim()}` : `de ${name.trim()}`;
}

const MONTH_NAMES = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/** « mars 2026 » for `2026-03`. */
export function monthLabel(month: string): string {
  const [year, m] = month.split("-").map(Number);
  return `${MONTH_NAMES[(m ?? 1) - 1] ?? month} ${year}`;
}
