/**
 * Time zones of the territories and local wall-clock time ⇄ UTC instants, DST-correct and
 * independent of the process time zone (offsets come from `Intl`, memoised per day and zone); docs/rules.md#time-zones.
 */
import { daysFromCivil, fromDayNumber, type IsoDate, MS_PER_DAY, toDayNumber } from "./dates";
import { formatInstant, formatTimeOfDay, type IsoInstant, parseInstant, parseTimeOfDay, type TimeOfDay } from "./instants";
import { type Territory, territoryOf } from "./territories";

/** IANA time zone of each territory. */
export const TERRITORY_TIME_ZONES: Readonly<Record<Territory, string>> = Object.freeze({
  METRO: "Europe/Paris",
  ALSACE_MOSELLE: "Europe/Paris",
  "971": "America/Guadeloupe",
  "972": "America/Martinique",
  "973": "America/Cayenne",
  "974": "Indian/Reunion",
  "976": "Indian/Mayotte",
});

/** IANA time zone of an agency's département ('75' → 'Europe/Paris', '974' → 'Indian/Reunion'); throws for an unknown code. */
export function timeZoneOf(departement: string): string {
  return TERRITORY_TIME_ZONES[territoryOf(departement)];
}

/**
 * Wall-clock arithmetic in one IANA zone. Offsets are in milliseconds (local − UTC) and memoised:
 * per local day when the offset cannot change during that day, per (day, minute) otherwise.
 */
export class ZoneClock {
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat;
  /** Local day number → offset valid for the whole day, or NaN when the day may hold a transition. */
  private readonly dayOffsets = new Map<number, number>();
  /** (local day × 1440 + minute) → epoch ms, for days holding a transition. */
  private readonly exact = new Map<number, number>();

  constructor(timeZone: string) {
    try {
      this.format = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new Error(`Fuseau horaire inconnu : « ${timeZone} ».`);
    }
    this.timeZone = timeZone;
  }

  /** Offset (local − UTC, in ms) in force at an instant. */
  offsetAt(epochMs: number): number {
    const wall = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.format.formatToParts(epochMs)) {
      if (Object.hasOwn(wall, part.type)) wall[part.type as keyof typeof wall] = Number(part.value);
    }
    const { year, month, day, hour, minute, second } = wall;
    const wallMs = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
    const wholeSeconds = epochMs - (((epochMs % 1000) + 1000) % 1000);
    return wallMs - wholeSeconds;
  }

  /** Offset valid for the whole local day, or NaN when a transition may occur near it. */
  private dayOffset(dayNumber: number): number {
    let offset = this.dayOffsets.get(dayNumber);
    if (offset === undefined) {
      // The local day lies within [wall0 − 14 h, wall0 + 38 h] in UTC for any offset in ±14 h.
      const wall0 = dayNumber * MS_PER_DAY;
      const before = this.offsetAt(wall0 - 15 * 3_600_000);
      const after = this.offsetAt(wall0 + MS_PER_DAY + 15 * 3_600_000);
      offset = before === after ? before : NaN;
      this.dayOffsets.set(dayNumber, offset);
    }
    return offset;
  }

  /** True when no offset change can happen during local day `dayNumber` (wall minutes = elapsed minutes). */
  hasConstantOffset(dayNumber: number): boolean {
    const offset = this.dayOffset(dayNumber);
    return offset === offset;
  }

  /**
   * Epoch ms of a local wall-clock time (`wallMs` = local date-time written as if it were UTC).
   * A time skipped by a DST jump is moved forward by the jump; a repeated time takes its first occurrence.
   */
  resolveWall(wallMs: number): number {
    const before = this.offsetAt(wallMs - MS_PER_DAY);
    const after = this.offsetAt(wallMs + MS_PER_DAY);
    const tBefore = wallMs - before;
    const tAfter = wallMs - after;
    const beforeValid = this.offsetAt(tBefore) === before;
    const afterValid = this.offsetAt(tAfter) === after;
    if (beforeValid && afterValid) return Math.min(tBefore, tAfter);
    if (beforeValid) return tBefore;
    if (afterValid) return tAfter;
    // Skipped local time: read it with the offset in force before the jump (lands after the jump).
    return tBefore;
  }

  /** Epoch ms of local day `dayNumber` at `minuteOfDay` (0–1440). */
  localToEpoch(dayNumber: number, minuteOfDay: number): number {
    const wall = dayNumber * MS_PER_DAY + minuteOfDay * 60_000;
    const offset = this.dayOffset(dayNumber);
    if (offset === offset) return wall - offset; // not NaN
    const key = dayNumber * 1440 + minuteOfDay;
    let t = this.exact.get(key);
    if (t === undefined) {
      t = this.resolveWall(wall);
      this.exact.set(key, t);
    }
    return t;
  }

  /**
   * Local day number and milliseconds since local midnight of an instant. The per-day offset cache answers for
   * every day without a transition nearby; `Intl` (formatToParts, tens of microseconds) only around transitions.
   */
  epochToLocal(epochMs: number): { dayNumber: number; msOfDay: number } {
    const guess = Math.floor(epochMs / MS_PER_DAY);
    for (let d = guess - 1; d <= guess + 1; d += 1) {
      const offset = this.dayOffset(d);
      if (offset !== offset) break; // NaN: a transition may be near, take the exact path
      const start = d * MS_PER_DAY - offset;
      if (epochMs >= start && epochMs < start + MS_PER_DAY) return { dayNumber: d, msOfDay: epochMs - start };
    }
    const wall = epochMs + this.offsetAt(epochMs);
    const dayNumber = Math.floor(wall / MS_PER_DAY);
    return { dayNumber, msOfDay: wall - dayNumber * MS_PER_DAY };
  }

  /** Local day number of an instant, using the per-day offset cache when possible. */
  localDayOf(epochMs: number): number {
    const guess = Math.floor(epochMs / MS_PER_DAY);
    for (let d = guess - 1; d <= guess + 1; d += 1) {
      const offset = this.dayOffset(d);
      if (offset !== offset) return this.epochToLocal(epochMs).dayNumber;
      const start = d * MS_PER_DAY - offset;
      if (epochMs >= start && epochMs < start + MS_PER_DAY) return d;
    }
    return this.epochToLocal(epochMs).dayNumber;
  }
}

const clocks = new Map<string, ZoneClock>();

/** The memoised clock of an IANA zone; throws for an unknown zone. */
export function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (clock === undefined) {
    clock = new ZoneClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}

/** UTC instant (ISO, `…Z`) of a local date and `HH:MM` time in `timeZone` (DST-aware). */
export function localToInstant(date: IsoDate, time: TimeOfDay, timeZone: string): IsoInstant {
  return formatInstant(localToEpochMs(date, time, timeZone));
}

/** Epoch milliseconds of a local date and `HH:MM` time in `timeZone` (DST-aware). */
export function localToEpochMs(date: IsoDate, time: TimeOfDay, timeZone: string): number {
  const day = toDayNumber(date);
  const minute = parseTimeOfDay(time);
  return zoneClock(timeZone).localToEpoch(day, minute);
}

/** Local date (`YYYY-MM-DD`) and time (`HH:MM`, seconds dropped) of an instant in `timeZone`. */
export function toLocalParts(instant: IsoInstant, timeZone: string): { date: IsoDate; time: TimeOfDay } {
  const { dayNumber, msOfDay } = zoneClock(timeZone).epochToLocal(parseInstant(instant));
  return { date: fromDayNumber(dayNumber), time: formatTimeOfDay(Math.floor(msOfDay / 60_000)) };
}

/** Local calendar date (`YYYY-MM-DD`) of an instant in `timeZone`, e.g. "today" of an agency. */
export function localDateOf(instant: IsoInstant, timeZone: string): IsoDate {
  return toLocalParts(instant, timeZone).date;
}

/** UTC offset in minutes (local − UTC, e.g. 60 for Paris in winter) in force at an instant. */
export function utcOffsetMinutes(instant: IsoInstant, timeZone: string): number {
  return Math.round(zoneClock(timeZone).offsetAt(parseInstant(instant)) / 60_000);
}
