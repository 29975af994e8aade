/**
 * A small iCalendar (RFC 5545) writer: VCALENDAR with VEVENTs whose times are written in their IANA time zone
 * (`DTSTART;TZID=Europe/Paris:20260414T133000`) with a matching VTIMEZONE computed from the platform's time-zone
 * data (every offset change in the years the events fall in, at most MAX_ZONE_YEARS of them, so any client can
 * resolve the local times without knowing IANA names). Text is escaped, lines end in CRLF and are folded at 75 octets without splitting a UTF-8
 * character. Pure: no I/O, the clock is a parameter.
 */
import { zoneClock } from "@/domain";

type IcsStatus = "CONFIRMED" | "TENTATIVE" | "CANCELLED";

export type IcsEvent = {
  /** Globally unique and stable across versions of the same event (e.g. `…@modalis`). */
  uid: string;
  /** Revision number; a higher one replaces a lower one with the same UID. */
  sequence: number;
  status: IcsStatus;
  start: Date;
  end: Date;
  /** IANA zone the local times are written in. */
  timeZone: string;
  summary: string;
  location?: string;
  description?: string;
  created?: Date;
  lastModified?: Date;
};

type IcsCalendar = {
  events: readonly IcsEvent[];
  /** DTSTAMP of every event: when this iCalendar object was produced. */
  now: Date;
  /** Calendar name shown by clients that read `X-WR-CALNAME` (most do). */
  name?: string;
  description?: string;
  /** For subscribed feeds: how often clients should fetch again (RFC 7986 REFRESH-INTERVAL). */
  refreshMinutes?: number;
};

const ICS_PRODID = "-//Modalis//Rendez-vous France Travail//FR";
const CRLF = "\r\n";
const MAX_OCTETS = 75;

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks; drops other controls. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, "");
}

/** Folds one content line into lines of at most 75 octets (continuations start with a space), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  if (utf8Length(line) <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const char of line) {
    const size = utf8Length(char);
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = MAX_OCTETS - 1; // the leading space of a continuation line counts
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** Octets of `text` in UTF-8 (a lone surrogate counts 3, as TextEncoder writes U+FFFD). */
function utf8Length(text: string): number {
  let octets = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    octets += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return octets;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `20260414T113000Z`. */
function formatUtc(instant: Date): string {
  return (
    `${pad(instant.getUTCFullYear(), 4)}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}` +
    `T${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}Z`
  );
}

/** Wall-clock `YYYYMMDDTHHMMSS` of an epoch-ms instant read with the offset (ms) in force. */
function formatWall(epochMs: number, offsetMs: number): string {
  const wall = new Date(epochMs + offsetMs);
  return formatUtc(wall).slice(0, -1);
}

/** `20260414T133000`: the local date-time of an instant in `timeZone`. */
function formatLocal(instant: Date, timeZone: string): string {
  const clock = zoneClock(timeZone);
  return formatWall(instant.getTime(), clock.offsetAt(instant.getTime()));
}

/** `+0100`, `-0400`, `+0400`. */
function formatOffset(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

type Transition = { at: number; from: number; to: number };

const DAY_MS = 86_400_000;

/** Every UTC offset change of `timeZone` in [fromMs, toMs), each at the first millisecond (to the second) of the new offset. */
export function offsetTransitions(timeZone: string, fromMs: number, toMs: number): Transition[] {
  const clock = zoneClock(timeZone);
  const transitions: Transition[] = [];
  let t = fromMs;
  let offset = clock.offsetAt(t);
  while (t < toMs) {
    const next = Math.min(t + DAY_MS, toMs);
    const nextOffset = clock.offsetAt(next);
    if (nextOffset !== offset) {
      // Binary search, to the second, of the first instant with the new offset.
      let lo = t;
      let hi = next;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (clock.offsetAt(mid) === offset) lo = mid;
        else hi = mid;
      }
      transitions.push({ at: hi, from: offset, to: clock.offsetAt(hi) });
      offset = clock.offsetAt(hi);
    }
    t = next;
  }
  return transitions;
}

/**
 * The VTIMEZONE of `timeZone` covering the spans `[fromMs, toMs)`: per span, an opening observance giving the offset
 * in force at its start, then one observance per offset change (DAYLIGHT when the offset goes up, STANDARD when it
 * goes down). Each DTSTART is the local time of the change read with the offset in force before it (RFC 5545 §3.6.5).
 */
function vtimezoneLines(timeZone: string, spans: readonly { from: number; to: number }[]): string[] {
  // The rules are computed day by day (a few milliseconds a year): a batch of convocations asks for the same ones
  // thousands of times, so the last ones computed are kept (a pure function of the zone and the years).
  const key = `${timeZone}|${spans.map((span) => `${span.from}-${span.to}`).join(",")}`;
  const known = zoneCache.get(key);
  if (known) return known;
  const computed = computeVtimezoneLines(timeZone, spans);
  if (zoneCache.size >= ZONE_CACHE_MAX) zoneCache.delete(zoneCache.keys().next().value!);
  zoneCache.set(key, computed);
  return computed;
}

const ZONE_CACHE_MAX = 64;
const zoneCache = new Map<string, string[]>();

function computeVtimezoneLines(timeZone: string, spans: readonly { from: number; to: number }[]): string[] {
  const clock = zoneClock(timeZone);
  const lines = ["BEGIN:VTIMEZONE", `TZID:${timeZone}`];
  const observance = (kind: "STANDARD" | "DAYLIGHT", start: string, from: number, to: number) => {
    lines.push(`BEGIN:${kind}`, `DTSTART:${start}`, `TZOFFSETFROM:${formatOffset(from)}`, `TZOFFSETTO:${formatOffset(to)}`, `END:${kind}`);
  };
  for (const span of spans) {
    const startOffset = clock.offsetAt(span.from);
    const transitions = offsetTransitions(timeZone, span.from, span.to);
    // Whether the opening offset is a summer one: it is when the next change lowers it.
    const firstDown = transitions[0] !== undefined && transitions[0].to < transitions[0].from;
    observance(firstDown ? "DAYLIGHT" : "STANDARD", formatWall(span.from, startOffset), startOffset, startOffset);
    for (const change of transitions) {
      observance(change.to > change.from ? "DAYLIGHT" : "STANDARD", formatWall(change.at, change.from), change.from, change.to);
    }
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

/**
 * At most this many calendar years get time-zone rules in one file, whatever the data: the rules are computed day by
 * day, and events scattered over centuries (a date typed 9999) must not cost centuries of work and megabytes.
 */
export const MAX_ZONE_YEARS = 12;

/**
 * The spans the VTIMEZONE covers: each UTC year in which an event starts or ends (from January 1st to the next),
 * consecutive years merged. Beyond MAX_ZONE_YEARS distinct years, those nearest to `now` are kept; an event in a
 * year left out is read by clients with the rules of the nearest earlier year covered.
 */
function zoneSpans(events: readonly IcsEvent[], now: Date): { from: number; to: number }[] {
  const years = new Set<number>();
  for (const event of events) years.add(event.start.getUTCFullYear()).add(event.end.getUTCFullYear());
  const current = now.getUTCFullYear();
  const kept = [...years]
    .sort((a, b) => Math.abs(a - current) - Math.abs(b - current) || a - b)
    .slice(0, MAX_ZONE_YEARS)
    .sort((a, b) => a - b);
  const spans: { from: number; to: number }[] = [];
  for (const year of kept) {
    const from = Date.UTC(year, 0, 1);
    const to = Date.UTC(year + 1, 0, 1);
    const last = spans.at(-1);
    if (last && last.to === from) last.to = to;
    else spans.push({ from, to });
  }
  return spans;
}

function eventLines(event: IcsEvent, now: Date): string[] {
  if (!(event.end.getTime() > event.start.getTime())) throw new Error(`Événement ${event.uid} : la fin doit suivre le début.`);
  if (!Number.isInteger(event.sequence) || event.sequence < 0) throw new Error(`Événement ${event.uid} : SEQUENCE invalide.`);
  const lines = [
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `DTSTAMP:${formatUtc(now)}`,
    `DTSTART;TZID=${event.timeZone}:${formatLocal(event.start, event.timeZone)}`,
    `DTEND;TZID=${event.timeZone}:${formatLocal(event.end, event.timeZone)}`,
    `SEQUENCE:${event.sequence}`,
    `STATUS:${event.status}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.created) lines.push(`CREATED:${formatUtc(event.created)}`);
  if (event.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(event.lastModified)}`);
  lines.push(`TRANSP:${event.status === "CANCELLED" ? "TRANSPARENT" : "OPAQUE"}`, "CLASS:PRIVATE", "END:VEVENT");
  return lines;
}

/** The whole iCalendar object, CRLF-terminated lines folded at 75 octets. */
export function buildCalendar(calendar: IcsCalendar): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${ICS_PRODID}`, "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  if (calendar.name) lines.push(`X-WR-CALNAME:${escapeText(calendar.name)}`);
  if (calendar.description) lines.push(`X-WR-CALDESC:${escapeText(calendar.description)}`);
  if (calendar.refreshMinutes) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${calendar.refreshMinutes}M`, `X-PUBLISHED-TTL:PT${calendar.refreshMinutes}M`);
  }
  const zones = [...new Set(calendar.events.map((event) => event.timeZone))].sort();
  for (const zone of zones) {
    lines.push(
      // A copy: the cached lines are never handed out.
      ...vtimezoneLines(
        zone,
        zoneSpans(
          calendar.events.filter((event) => event.timeZone === zone),
          calendar.now,
        ),
      ),
    );
  }
  for (const event of calendar.events) lines.push(...eventLines(event, calendar.now));
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}
