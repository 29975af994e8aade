import { describe, expect, it } from "vitest";
import { localDateOf, localToInstant, parseInstant, timeZoneOf, toLocalParts, utcOffsetMinutes } from "../../src/domain";

describe("time zones", () => {
  it("maps départements to their IANA zone", () => {
    expect(timeZoneOf("75")).toBe("Europe/Paris");
    expect(timeZoneOf("2A")).toBe("Europe/Paris");
    expect(timeZoneOf("2B")).toBe("Europe/Paris");
    expect(timeZoneOf("67")).toBe("Europe/Paris");
    expect(timeZoneOf("971")).toBe("America/Guadeloupe");
    expect(timeZoneOf("972")).toBe("America/Martinique");
    expect(timeZoneOf("973")).toBe("America/Cayenne");
    expect(timeZoneOf("974")).toBe("Indian/Reunion");
    expect(timeZoneOf("976")).toBe("Indian/Mayotte");
    expect(() => timeZoneOf("975")).toThrow(/Département inconnu/);
  });

  it("keeps 13:30 local across the DST changes of Europe/Paris", () => {
    // Last Sunday of March 2026 is 29 March; of October, 25 October.
    expect(localToInstant("2026-03-27", "13:30", "Europe/Paris")).toBe("2026-03-27T12:30:00.000Z");
    expect(localToInstant("2026-03-30", "13:30", "Europe/Paris")).toBe("2026-03-30T11:30:00.000Z");
    expect(localToInstant("2026-10-23", "13:30", "Europe/Paris")).toBe("2026-10-23T11:30:00.000Z");
    expect(localToInstant("2026-10-26", "13:30", "Europe/Paris")).toBe("2026-10-26T12:30:00.000Z");
    expect(localToInstant("2025-03-31", "13:30", "Europe/Paris")).toBe("2025-03-31T11:30:00.000Z");
    expect(localToInstant("2025-10-27", "13:30", "Europe/Paris")).toBe("2025-10-27T12:30:00.000Z");
    // On the transition Sundays themselves.
    expect(localToInstant("2026-03-29", "13:30", "Europe/Paris")).toBe("2026-03-29T11:30:00.000Z");
    expect(localToInstant("2026-10-25", "13:30", "Europe/Paris")).toBe("2026-10-25T12:30:00.000Z");
  });

  it("resolves skipped and repeated local times", () => {
    // 02:30 does not exist on 29 March 2026 in Paris: moved forward by the jump (03:30 CEST).
    expect(localToInstant("2026-03-29", "02:30", "Europe/Paris")).toBe("2026-03-29T01:30:00.000Z");
    // 02:30 happens twice on 25 October 2026: the first occurrence (CEST) is taken.
    expect(localToInstant("2026-10-25", "02:30", "Europe/Paris")).toBe("2026-10-25T00:30:00.000Z");
    expect(localToInstant("2026-10-25", "03:30", "Europe/Paris")).toBe("2026-10-25T02:30:00.000Z");
  });

  it("converts overseas wall clocks (no DST)", () => {
    expect(localToInstant("2026-01-15", "13:30", "America/Guadeloupe")).toBe("2026-01-15T17:30:00.000Z");
    expect(localToInstant("2026-07-15", "13:30", "America/Martinique")).toBe("2026-07-15T17:30:00.000Z");
    expect(localToInstant("2026-07-15", "13:30", "America/Cayenne")).toBe("2026-07-15T16:30:00.000Z");
    expect(localToInstant("2026-01-15", "13:30", "Indian/Reunion")).toBe("2026-01-15T09:30:00.000Z");
    expect(localToInstant("2026-07-15", "13:30", "Indian/Mayotte")).toBe("2026-07-15T10:30:00.000Z");
  });

  it("gives local parts of an instant, crossing the date line when needed", () => {
    expect(toLocalParts("2026-03-30T11:30:00.000Z", "Europe/Paris")).toEqual({ date: "2026-03-30", time: "13:30" });
    expect(toLocalParts("2026-10-26T12:30:00.000Z", "Europe/Paris")).toEqual({ date: "2026-10-26", time: "13:30" });
    expect(toLocalParts("2026-03-10T22:30:00.000Z", "Europe/Paris")).toEqual({ date: "2026-03-10", time: "23:30" });
    expect(toLocalParts("2026-03-10T23:30:00.000Z", "Europe/Paris")).toEqual({ date: "2026-03-11", time: "00:30" });
    expect(toLocalParts("2026-03-11T02:00:00.000Z", "America/Cayenne")).toEqual({ date: "2026-03-10", time: "23:00" });
    expect(toLocalParts("2026-03-10T21:00:00.000Z", "Indian/Reunion")).toEqual({ date: "2026-03-11", time: "01:00" });
    expect(localDateOf("2026-03-10T23:30:00.000Z", "Europe/Paris")).toBe("2026-03-11");
    expect(utcOffsetMinutes("2026-07-01T00:00:00.000Z", "Europe/Paris")).toBe(120);
    expect(utcOffsetMinutes("2026-01-01T00:00:00.000Z", "America/Cayenne")).toBe(-180);
  });

  it("round-trips every half hour of a DST year in Paris", () => {
    for (let day = 0; day < 366; day += 1) {
      const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
      for (const time of ["00:00", "08:00", "13:30", "16:00", "23:30"]) {
        const instant = localToInstant(date, time, "Europe/Paris");
        expect(instant.endsWith(".000Z")).toBe(true);
        expect(toLocalParts(instant, "Europe/Paris")).toEqual({ date, time });
      }
    }
  });

  it("refuses ambiguous or malformed inputs", () => {
    expect(() => localToInstant("2026-03-10", "25:00", "Europe/Paris")).toThrow(/Heure invalide/);
    expect(() => localToInstant("2026-03-10", "9:30", "Europe/Paris")).toThrow(/Heure invalide/);
    expect(() => localToInstant("2026-03-10", "13:30", "Mars/Olympus")).toThrow(/Fuseau horaire inconnu/);
    // An instant without an offset would be read in the process time zone: refused.
    expect(() => parseInstant("2026-03-10T12:30:00")).toThrow(/Instant invalide/);
    expect(() => toLocalParts("2026-03-10 12:30", "Europe/Paris")).toThrow(/Instant invalide/);
    expect(parseInstant("2026-03-10T13:30:00+01:00")).toBe(Date.UTC(2026, 2, 10, 12, 30));
    expect(parseInstant("2026-03-10T12:30Z")).toBe(Date.UTC(2026, 2, 10, 12, 30));
    expect(parseInstant("2026-03-10T12:30:00.123456Z")).toBe(Date.UTC(2026, 2, 10, 12, 30, 0, 123));
    expect(() => parseInstant("2026-02-30T12:30:00.000Z")).toThrow(/Instant invalide/);
  });
});
