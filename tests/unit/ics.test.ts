/**
 * The calendar files against RFC 5545: CRLF lines folded at 75 octets without splitting a UTF-8 character, TEXT
 * escaping, the required properties, VTIMEZONE offsets that give back the stored UTC instants (checked by our own
 * reading and by an independent parser, ical.js), cancelled meetings, and one UID per meeting whose SEQUENCE grows
 * across reschedules so that a calendar replaces the old event.
 */
import { afterEach, describe, expect, it } from "vitest";
import ICAL from "ical.js";
import { localToInstant } from "@/domain";
import { buildCalendar, escapeText, foldLine, MAX_ZONE_YEARS, offsetTransitions, type IcsEvent } from "@/lib/ics";
import { appointmentChains, appointmentEvent, appointmentUid, chainOf, type CalendarAppointment } from "@/lib/appointment-calendar";

const NOW = new Date("2026-03-26T09:00:00Z");
const ROUEN = { name: "Rouen Rive Gauche", address: "27 avenue de Bretagne, 76100 Rouen", departement: "76" };
const REUNION = { name: "Saint-Denis (La Réunion)", address: "4 rue de la Victoire, 97400 Saint-Denis", departement: "974" };

// ---------------------------------------------------------------------------------------------------------------
// A strict reader, written from the RFC, for the checks below.

const octets = (s: string) => new TextEncoder().encode(s).length;

/** Physical lines (without their CRLF); fails on a bare CR or LF. */
function physicalLines(text: string): string[] {
  expect(text.endsWith("\r\n")).toBe(true);
  const body = text.slice(0, -2);
  expect(body.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  return body.split("\r\n");
}

/** Unfolded content lines (RFC 5545 §3.1). */
function contentLines(text: string): string[] {
  return text
    .slice(0, -2)
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n");
}

type Prop = { name: string; params: Record<string, string>; value: string };

function parseLine(line: string): Prop {
  const colon = line.indexOf(":");
  const head = line.slice(0, colon);
  const [name, ...params] = head.split(";");
  return {
    name: name!,
    params: Object.fromEntries(params.map((p) => p.split("=") as [string, string])),
    value: line.slice(colon + 1),
  };
}

type Block = { name: string; props: Prop[]; children: Block[] };

function parseBlocks(text: string): Block {
  const root: Block = { name: "ROOT", props: [], children: [] };
  const stack = [root];
  for (const line of contentLines(text)) {
    const prop = parseLine(line);
    if (prop.name === "BEGIN") {
      const block: Block = { name: prop.value, props: [], children: [] };
      stack.at(-1)!.children.push(block);
      stack.push(block);
    } else if (prop.name === "END") {
      expect(stack.pop()!.name).toBe(prop.value);
    } else {
      stack.at(-1)!.props.push(prop);
    }
  }
  expect(stack).toHaveLength(1);
  expect(root.children).toHaveLength(1);
  return root.children[0]!;
}

const prop = (block: Block, name: string) => block.props.find((p) => p.name === name);
const props = (block: Block, name: string) => block.props.filter((p) => p.name === name);

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

/** `20260414T133000` read as if UTC, in ms. */
function wallMs(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(value);
  expect(m).not.toBeNull();
  return Date.UTC(+m![1]!, +m![2]! - 1, +m![3]!, +m![4]!, +m![5]!, +m![6]!);
}

const offsetMs = (value: string) => {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(value)!;
  return (m[1] === "-" ? -1 : 1) * (+m[2]! * 60 + +m[3]!) * 60_000;
};

/** The UTC instant of a local DTSTART under a VTIMEZONE: the offset of the latest observance onset at or before it. */
function resolveWithVtimezone(vtimezone: Block, local: string): number {
  const wall = wallMs(local);
  let best: { onset: number; to: number } | null = null;
  for (const observance of vtimezone.children) {
    expect(["STANDARD", "DAYLIGHT"]).toContain(observance.name);
    const onset = wallMs(prop(observance, "DTSTART")!.value) - offsetMs(prop(observance, "TZOFFSETFROM")!.value);
    const to = offsetMs(prop(observance, "TZOFFSETTO")!.value);
    if (wall - to >= onset && (!best || onset > best.onset)) best = { onset, to };
  }
  expect(best).not.toBeNull();
  return wall - best!.to;
}

// ---------------------------------------------------------------------------------------------------------------

function event(overrides: Partial<IcsEvent> = {}): IcsEvent {
  return {
    uid: "3f1e0f7c-9d9a-4b7e-8c55-0d9b3d7a1e22@modalis",
    sequence: 0,
    status: "CONFIRMED",
    start: new Date(localToInstant("2026-04-14", "13:30", "Europe/Paris")),
    end: new Date(localToInstant("2026-04-14", "14:00", "Europe/Paris")),
    timeZone: "Europe/Paris",
    summary: "Bilan du 4e mois (France Travail)",
    location: "Agence France Travail Rouen Rive Gauche, 27 avenue de Bretagne, 76100 Rouen",
    description: "Vous faites le point.\nAvec Camille Durand.",
    ...overrides,
  };
}

let ids = 0;
function appointment(overrides: Partial<CalendarAppointment> & { date: string; time?: string }): CalendarAppointment {
  const { date, time, ...rest } = overrides;
  const agency = rest.agency ?? ROUEN;
  const zone = agency.departement === "974" ? "Indian/Reunion" : "Europe/Paris";
  const startsAt = new Date(localToInstant(date, time ?? "14:00", zone));
  ids += 1;
  return {
    id: `00000000-0000-4000-8000-${String(ids).padStart(12, "0")}`,
    replacesId: null,
    kind: "REVIEW_M4",
    channel: "AGENCY",
    status: "SCHEDULED",
    startsAt,
    endsAt: new Date(startsAt.getTime() + 30 * 60_000),
    createdAt: new Date("2026-03-01T08:00:00Z"),
    outcomeAt: null,
    advisor: { firstName: "Camille", lastName: "Durand" },
    socialWorker: null,
    agency,
    ...rest,
  };
}

function feed(rows: CalendarAppointment[]): Block {
  const text = buildCalendar({ events: appointmentChains(rows).map((c) => appointmentEvent(c, NOW)), now: NOW, name: "Mes rendez-vous" });
  return parseBlocks(text);
}

const vevents = (calendar: Block) => calendar.children.filter((b) => b.name === "VEVENT");

afterEach(() => {
  ICAL.TimezoneService.reset();
});

describe("content lines", () => {
  it("end in CRLF and are folded at 75 octets, never inside a UTF-8 character, and unfold to the original", () => {
    const long = "Été à l'agence — rendez-vous « très » important 🎯 ".repeat(12);
    const text = buildCalendar({ events: [event({ summary: long, description: long })], now: NOW });
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const lines = physicalLines(text);
    for (const line of lines) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      // Each physical line is valid UTF-8 on its own: no character was cut.
      expect(() => decoder.decode(new TextEncoder().encode(line))).not.toThrow();
    }
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);
    const summary = contentLines(text).find((l) => l.startsWith("SUMMARY:"))!;
    expect(unescapeText(summary.slice("SUMMARY:".length))).toBe(long);
  });

  it("folds exactly: a 75-octet line stays whole, a 76-octet one becomes 75 + space + 1", () => {
    expect(foldLine("X".repeat(75))).toBe("X".repeat(75));
    expect(foldLine("X".repeat(76))).toBe(`${"X".repeat(75)}\r\n X`);
    // A 2-octet character that would straddle octet 75 moves whole to the next line.
    const folded = foldLine(`${"X".repeat(74)}é`);
    expect(folded).toBe(`${"X".repeat(74)}\r\n é`);
  });

  it("escapes backslash, semicolon, comma and line breaks in TEXT, and drops control characters", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf\rg")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng");
    expect(escapeText("tab\there\u0007")).toBe("tab\there");
    const tricky = "Bureau 3; porte B, 2e étage\\gauche\nSonnez";
    const calendar = parseBlocks(buildCalendar({ events: [event({ location: tricky, description: tricky })], now: NOW }));
    const vevent = vevents(calendar)[0]!;
    expect(prop(vevent, "LOCATION")!.value).toBe("Bureau 3\\; porte B\\, 2e étage\\\\gauche\\nSonnez");
    expect(unescapeText(prop(vevent, "DESCRIPTION")!.value)).toBe(tricky);
  });
});

describe("calendar structure", () => {
  it("has VERSION, PRODID and, per event, exactly one UID, DTSTAMP, DTSTART, DTEND, SEQUENCE, STATUS, SUMMARY", () => {
    const calendar = parseBlocks(buildCalendar({ events: [event(), event({ uid: "autre@modalis" })], now: NOW, refreshMinutes: 60 }));
    expect(calendar.name).toBe("VCALENDAR");
    expect(prop(calendar, "VERSION")!.value).toBe("2.0");
    expect(prop(calendar, "PRODID")!.value).toMatch(/^-\/\/Modalis\/\//);
    expect(prop(calendar, "REFRESH-INTERVAL")).toMatchObject({ params: { VALUE: "DURATION" }, value: "PT60M" });
    expect(vevents(calendar)).toHaveLength(2);
    for (const vevent of vevents(calendar)) {
      for (const name of ["UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "STATUS", "SUMMARY"]) {
        expect(props(vevent, name), name).toHaveLength(1);
      }
      expect(prop(vevent, "DTSTAMP")!.value).toBe("20260326T090000Z");
      expect(prop(vevent, "DTSTART")!.params.TZID).toBe("Europe/Paris");
      expect(prop(vevent, "DTSTART")!.value).toBe("20260414T133000");
      expect(prop(vevent, "DTEND")!.value).toBe("20260414T140000");
    }
    // Every TZID used has its VTIMEZONE.
    expect(calendar.children.filter((b) => b.name === "VTIMEZONE").map((b) => prop(b, "TZID")!.value)).toEqual(["Europe/Paris"]);
  });

  it("refuses an event that ends before it starts", () => {
    expect(() => buildCalendar({ events: [event({ end: event().start })], now: NOW })).toThrow(/fin/);
  });
});

describe("time zones", () => {
  const cases = [
    // Paris, on both sides of both 2026 changes (29 March, 25 October), and Réunion, Guadeloupe, Cayenne (no DST).
    { zone: "Europe/Paris", date: "2026-03-27", time: "13:30" },
    { zone: "Europe/Paris", date: "2026-03-30", time: "13:30" },
    { zone: "Europe/Paris", date: "2026-10-23", time: "16:00" },
    { zone: "Europe/Paris", date: "2026-10-26", time: "16:00" },
    { zone: "Europe/Paris", date: "2027-01-05", time: "14:00" },
    { zone: "Indian/Reunion", date: "2026-04-14", time: "13:30" },
    { zone: "America/Guadeloupe", date: "2026-07-01", time: "14:30" },
    { zone: "America/Cayenne", date: "2026-12-21", time: "15:00" },
  ];

  it("writes the agency's wall-clock time, and the VTIMEZONE gives back the stored instant (our reading and ical.js)", () => {
    const events = cases.map((c, i) => {
      const start = new Date(localToInstant(c.date, c.time, c.zone));
      return event({ uid: `e${i}@modalis`, start, end: new Date(start.getTime() + 30 * 60_000), timeZone: c.zone });
    });
    const text = buildCalendar({ events, now: NOW });
    const calendar = parseBlocks(text);
    const zones = new Map(calendar.children.filter((b) => b.name === "VTIMEZONE").map((b) => [prop(b, "TZID")!.value, b]));
    expect([...zones.keys()].sort()).toEqual(["America/Cayenne", "America/Guadeloupe", "Europe/Paris", "Indian/Reunion"]);

    const parsed = new ICAL.Component(ICAL.parse(text));
    for (const vtimezone of parsed.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(vtimezone);
    const icalEvents = parsed.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));

    vevents(calendar).forEach((vevent, i) => {
      const c = cases[i]!;
      const dtstart = prop(vevent, "DTSTART")!;
      expect(dtstart.params.TZID).toBe(c.zone);
      expect(dtstart.value).toBe(`${c.date.replace(/-/g, "")}T${c.time.replace(":", "")}00`);
      expect(resolveWithVtimezone(zones.get(c.zone)!, dtstart.value)).toBe(events[i]!.start.getTime());
      expect(resolveWithVtimezone(zones.get(c.zone)!, prop(vevent, "DTEND")!.value)).toBe(events[i]!.end.getTime());
      expect(icalEvents[i]!.startDate.toUnixTime() * 1000).toBe(events[i]!.start.getTime());
      expect(icalEvents[i]!.endDate.toUnixTime() * 1000).toBe(events[i]!.end.getTime());
    });
  });

  it("finds Paris's two yearly offset changes at 01:00 UTC, and none for La Réunion", () => {
    const changes = offsetTransitions("Europe/Paris", Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    expect(changes.map((c) => [new Date(c.at).toISOString(), c.from / 60_000, c.to / 60_000])).toEqual([
      ["2026-03-29T01:00:00.000Z", 60, 120],
      ["2026-10-25T01:00:00.000Z", 120, 60],
    ]);
    expect(offsetTransitions("Indian/Reunion", Date.UTC(2025, 0, 1), Date.UTC(2027, 0, 1))).toEqual([]);
  });

  it("bounds the VTIMEZONE to the years of the events, however far apart they are, and still resolves each of them", () => {
    // The attack of issue 13: an appointment moved to 9999-12-31 next to ordinary ones. The rules cover 2026 and 9999
    // only (not the 8 000 years between), and both events still give back their instants.
    const far = new Date(localToInstant("9999-12-31", "13:30", "Europe/Paris"));
    const events = [event(), event({ uid: "loin@modalis", start: far, end: new Date(far.getTime() + 30 * 60_000) })];
    const text = buildCalendar({ events, now: NOW });
    expect(text.length).toBeLessThan(4_000);
    const calendar = parseBlocks(text);
    const vtimezone = calendar.children.find((b) => b.name === "VTIMEZONE")!;
    expect(vtimezone.children.length).toBeLessThanOrEqual(6);
    vevents(calendar).forEach((vevent, i) => {
      expect(resolveWithVtimezone(vtimezone, prop(vevent, "DTSTART")!.value)).toBe(events[i]!.start.getTime());
    });
    expect(prop(vevents(calendar)[1]!, "DTSTART")!.value).toBe("99991231T133000");
    const parsed = new ICAL.Component(ICAL.parse(text));
    ICAL.TimezoneService.register(parsed.getFirstSubcomponent("vtimezone")!);
    const icalEvents = parsed.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(icalEvents.map((e) => e.startDate.toUnixTime() * 1000)).toEqual(events.map((e) => e.start.getTime()));
  });

  it("writes rules for at most MAX_ZONE_YEARS years, those nearest to now, whatever the number of years the data spans", () => {
    const events = Array.from({ length: 300 }, (_, i) => {
      const start = new Date(localToInstant(`${String(2000 + i * 25).padStart(4, "0")}-07-01`, "14:00", "Europe/Paris"));
      return event({ uid: `e${i}@modalis`, start, end: new Date(start.getTime() + 30 * 60_000) });
    });
    const calendar = parseBlocks(buildCalendar({ events, now: NOW }));
    const vtimezone = calendar.children.find((b) => b.name === "VTIMEZONE")!;
    // An opening observance and at most two changes a year.
    expect(vtimezone.children.length).toBeLessThanOrEqual(3 * MAX_ZONE_YEARS);
    const years = new Set(vtimezone.children.map((o) => prop(o, "DTSTART")!.value.slice(0, 4)));
    expect(years.has("2025")).toBe(true);
    expect(years.has("9475")).toBe(false);
  });

  it("does not depend on the process time zone", () => {
    const previous = process.env.TZ;
    const texts = ["UTC", "America/Los_Angeles", "Asia/Tokyo"].map((tz) => {
      process.env.TZ = tz;
      return buildCalendar({ events: [event()], now: NOW });
    });
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
    expect(new Set(texts).size).toBe(1);
  });
});

describe("appointments as events", () => {
  it("an appointment: French summary, the agency's address as LOCATION, CONFIRMED, UID from its id", () => {
    const a = appointment({ date: "2026-04-14", time: "13:30" });
    const vevent = vevents(feed([a]))[0]!;
    expect(prop(vevent, "UID")!.value).toBe(appointmentUid(a.id));
    expect(prop(vevent, "SUMMARY")!.value).toBe("Bilan du 4e mois (France Travail)");
    expect(unescapeText(prop(vevent, "LOCATION")!.value)).toBe("Agence France Travail Rouen Rive Gauche, 27 avenue de Bretagne, 76100 Rouen");
    expect(prop(vevent, "STATUS")!.value).toBe("CONFIRMED");
    expect(prop(vevent, "SEQUENCE")!.value).toBe("0");
    expect(unescapeText(prop(vevent, "DESCRIPTION")!.value)).toContain("Avec Camille Durand, votre conseiller·ère.");
  });

  it("phone and video appointments say so as LOCATION; overseas ones name the time zone in words", () => {
    const phone = appointment({ date: "2026-04-15", channel: "PHONE" });
    const video = appointment({ date: "2026-04-16", channel: "VIDEO", agency: REUNION });
    const [a, b] = vevents(feed([phone, video]));
    expect(prop(a!, "LOCATION")!.value).toBe("Par téléphone");
    expect(prop(b!, "LOCATION")!.value).toBe("En visio");
    expect(prop(b!, "DTSTART")!.params.TZID).toBe("Indian/Reunion");
    expect(unescapeText(prop(b!, "DESCRIPTION")!.value)).toContain("heure de La Réunion");
  });

  it("a cancelled appointment that was not moved is emitted once, STATUS:CANCELLED, with a higher SEQUENCE", () => {
    const a = appointment({ date: "2026-04-14" });
    const before = vevents(feed([a]))[0]!;
    const after = vevents(feed([{ ...a, status: "CANCELLED", outcomeAt: NOW }]))[0]!;
    expect(prop(after, "UID")!.value).toBe(prop(before, "UID")!.value);
    expect(prop(after, "STATUS")!.value).toBe("CANCELLED");
    expect(Number(prop(after, "SEQUENCE")!.value)).toBeGreaterThan(Number(prop(before, "SEQUENCE")!.value));
    expect(prop(after, "SUMMARY")!.value).toMatch(/^Annulé : /);
  });

  it("a rescheduled meeting keeps ONE event with the root's UID, the new date and a growing SEQUENCE, at every step", () => {
    // Step 0: booked. Step 1: moved (A cancelled, B replaces A). Step 2: moved again (C replaces B). Step 3: C cancelled.
    const a = appointment({ date: "2026-04-14" });
    const b = appointment({ date: "2026-04-21", replacesId: a.id });
    const c = appointment({ date: "2026-04-28", replacesId: b.id });
    const cancelled = { status: "CANCELLED" as const, outcomeAt: NOW };
    const steps = [
      [a],
      [{ ...a, ...cancelled }, b],
      [{ ...a, ...cancelled }, { ...b, ...cancelled }, c],
      [
        { ...a, ...cancelled },
        { ...b, ...cancelled },
        { ...c, ...cancelled },
      ],
    ];
    const dates = ["20260414T140000", "20260421T140000", "20260428T140000", "20260428T140000"];
    let lastSequence = -1;
    steps.forEach((rows, i) => {
      const events = vevents(feed(rows));
      expect(events).toHaveLength(1);
      const vevent = events[0]!;
      expect(prop(vevent, "UID")!.value).toBe(appointmentUid(a.id));
      expect(prop(vevent, "DTSTART")!.value).toBe(dates[i]);
      expect(prop(vevent, "STATUS")!.value).toBe(i === 3 ? "CANCELLED" : "CONFIRMED");
      const sequence = Number(prop(vevent, "SEQUENCE")!.value);
      expect(sequence).toBeGreaterThan(lastSequence);
      lastSequence = sequence;
    });
  });

  it("whatever row of a chain is asked for, its file is the meeting's current version; rows in any order give the same chains", () => {
    const a = appointment({ date: "2026-04-14", status: "CANCELLED" });
    const b = appointment({ date: "2026-04-21", replacesId: a.id });
    const other = appointment({ date: "2026-05-02", kind: "FOLLOW_UP" });
    for (const rows of [
      [a, b, other],
      [other, b, a],
    ]) {
      expect(chainOf(rows, a.id)).toMatchObject({ rootId: a.id, head: { id: b.id }, moves: 1 });
      expect(chainOf(rows, b.id)).toMatchObject({ rootId: a.id, head: { id: b.id }, moves: 1 });
      expect(chainOf(rows, other.id)).toMatchObject({ rootId: other.id, head: { id: other.id }, moves: 0 });
      expect(appointmentChains(rows).map((chain) => chain.rootId)).toEqual([a.id, other.id]);
    }
    expect(chainOf([a, b], "00000000-0000-4000-8000-999999999999")).toBeNull();
  });

  it("a past appointment says its outcome; a joint one names the social worker", () => {
    const done = appointment({ date: "2026-01-14", status: "DONE", createdAt: new Date("2026-01-02T08:00:00Z"), outcomeAt: new Date("2026-01-14T15:00:00Z") });
    const joint = appointment({ date: "2026-04-20", kind: "JOINT_GLOBAL", socialWorker: { firstName: "Karim", lastName: "Benhamou" } });
    const [pastEvent, jointEvent] = vevents(feed([done, joint]));
    expect(prop(pastEvent!, "STATUS")!.value).toBe("CONFIRMED");
    expect(unescapeText(prop(pastEvent!, "DESCRIPTION")!.value)).toContain("Résultat : honoré.");
    expect(prop(pastEvent!, "LAST-MODIFIED")!.value).toBe("20260114T150000Z");
    expect(unescapeText(prop(jointEvent!, "DESCRIPTION")!.value)).toContain("Karim Benhamou, travailleur·se social·e");
  });
});
