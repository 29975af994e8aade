/**
 * Instants: ISO-8601 strings in UTC (`2026-03-10T12:30:00.000Z`) ⇄ epoch milliseconds, and times of day.
 */
import { daysFromCivil, daysInMonth, MS_PER_DAY } from "./dates";

/** An instant written in ISO-8601 UTC, e.g. `2026-03-10T12:30:00.000Z`. */
export type IsoInstant = string;

/** A time of day written `HH:MM` (24-hour clock). */
export type TimeOfDay = string;

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/**
 * Epoch milliseconds of an ISO-8601 instant carrying `Z` or an explicit `±HH:MM` offset.
 * A string without offset is refused: it would be read in the process time zone.
 */
export function parseInstant(value: string): number {
  // Fast path for the canonical `toISOString()` form `YYYY-MM-DDTHH:MM:SS.sssZ`.
  if (typeof value === "string" && value.length === 24 && value.charCodeAt(23) === 90 /* Z */) {
    const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
    const month = digit(value, 5) * 10 + digit(value, 6);
    const day = digit(value, 8) * 10 + digit(value, 9);
    const hour = digit(value, 11) * 10 + digit(value, 12);
    const minute = digit(value, 14) * 10 + digit(value, 15);
    const second = digit(value, 17) * 10 + digit(value, 18);
    const milli = digit(value, 20) * 100 + digit(value, 21) * 10 + digit(value, 22);
    if (
      value.charCodeAt(4) === 45 &&
      value.charCodeAt(7) === 45 &&
      value.charCodeAt(10) === 84 &&
      value.charCodeAt(13) === 58 &&
      value.charCodeAt(16) === 58 &&
      value.charCodeAt(19) === 46 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59 &&
      milli >= 0
    ) {
      return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + milli;
    }
  }
  const m = typeof value === "string" ? INSTANT_RE.exec(value) : null;
  if (m !== null) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const hour = Number(m[4]);
    const minute = Number(m[5]);
    const second = m[6] === undefined ? 0 : Number(m[6]);
    const milli = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-6);
    const zone = m[8] ?? "Z";
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59) {
      let offsetMinutes = 0;
      if (zone !== "Z") {
        const oh = Number(zone.slice(1, 3));
        const om = Number(zone.slice(4, 6));
        if (oh <= 23 && om <= 59) offsetMinutes = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
        else offsetMinutes = NaN;
      }
      if (!Number.isNaN(offsetMinutes)) {
        return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + milli - offsetMinutes * 60_000;
      }
    }
  }
  throw new Error(`Instant invalide : « ${String(value)} » (format attendu ISO 8601 avec fuseau, ex. 2026-03-10T12:30:00.000Z).`);
}

/** ISO-8601 UTC string (`…T12:30:00.000Z`) of epoch milliseconds. */
export function formatInstant(epochMs: number): IsoInstant {
  if (!Number.isFinite(epochMs)) throw new RangeError(`Instant invalide : ${epochMs}.`);
  return new Date(epochMs).toISOString();
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of an `HH:MM` time (00:00–23:59; `24:00` only when `allowEndOfDay`). */
export function parseTimeOfDay(value: string, allowEndOfDay = false): number {
  if (allowEndOfDay && value === "24:00") return 1440;
  const m = typeof value === "string" ? TIME_RE.exec(value) : null;
  if (m === null) throw new Error(`Heure invalide : « ${String(value)} » (format attendu HH:MM).`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** `HH:MM` of minutes since midnight (0–1440). */
export function formatTimeOfDay(minutes: number): TimeOfDay {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) throw new RangeError(`Minutes invalides : ${minutes}.`);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? "0" : ""}${h}:${m < 10 ? "0" : ""}${m}`;
}
