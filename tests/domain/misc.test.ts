import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  canTransitionAppointment,
  daysToFirstInterview,
  firstInterviewDueDate,
  isFirstInterviewLate,
  isModality,
  MODALITY_SHORT_LABELS,
  noShowRate,
} from "../../src/domain";

describe("first interview", () => {
  it("is due 28 calendar days after registration", () => {
    expect(firstInterviewDueDate("2026-03-10")).toBe("2026-04-07");
    expect(firstInterviewDueDate("2026-02-15")).toBe("2026-03-15");
    expect(firstInterviewDueDate("2028-02-10")).toBe("2028-03-09");
    expect(firstInterviewDueDate("2026-03-10", 14)).toBe("2026-03-24");
  });

  it("is late only after the due date and when not interviewed", () => {
    expect(isFirstInterviewLate("2026-03-10", "2026-04-07", 28, false)).toBe(false);
    expect(isFirstInterviewLate("2026-03-10", "2026-04-08", 28, false)).toBe(true);
    expect(isFirstInterviewLate("2026-03-10", "2026-04-08", 28, true)).toBe(false);
    expect(isFirstInterviewLate("2026-03-10", "2026-03-30", 14, false)).toBe(true);
    expect(isFirstInterviewLate("2026-03-10", "2026-04-08", undefined, false)).toBe(true);
    expect(daysToFirstInterview("2026-03-10", "2026-03-24")).toBe(14);
    expect(() => firstInterviewDueDate("2026-03-10", -1)).toThrow(/invalide/);
  });
});

describe("appointments and modalities", () => {
  it("only a scheduled appointment gets an outcome", () => {
    expect(canTransitionAppointment("SCHEDULED", "DONE")).toBe(true);
    expect(canTransitionAppointment("SCHEDULED", "NO_SHOW")).toBe(true);
    expect(canTransitionAppointment("SCHEDULED", "EXCUSED")).toBe(true);
    expect(canTransitionAppointment("SCHEDULED", "CANCELLED")).toBe(true);
    expect(canTransitionAppointment("SCHEDULED", "SCHEDULED")).toBe(false);
    expect(canTransitionAppointment("DONE", "CANCELLED")).toBe(false);
    expect(canTransitionAppointment("NO_SHOW", "DONE")).toBe(false);
    expect(noShowRate({ done: 9, noShow: 1, excused: 0 })).toBe(0.1);
    expect(noShowRate({ done: 0, noShow: 0, excused: 0 })).toBeNull();
    // An excused absence is an outcome: it counts in the whole, as on the manager's dashboard.
    expect(noShowRate({ done: 3, noShow: 1, excused: 1 })).toBe(1 / 5);
    expect(noShowRate({ done: 0, noShow: 0, excused: 2 })).toBe(0);
  });

  it("knows the modality codes", () => {
    expect(isModality("GUIDE")).toBe(true);
    expect(isModality("guide")).toBe(false);
    expect(MODALITY_SHORT_LABELS.RENFORCE).toBe("Renforcé");
  });
});

describe("purity of src/domain", () => {
  const dir = fileURLToPath(new URL("../../src/domain", import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

  it("has the expected modules", () => {
    for (const f of [
      "index.ts",
      "diagnostic.ts",
      "dates.ts",
      "holidays.ts",
      "timezones.ts",
      "slots.ts",
      "reviews.ts",
      "followUp.ts",
      "capacity.ts",
      "modalities.ts",
    ]) {
      expect(files).toContain(f);
    }
  });

  it.each(files)("%s imports nothing outside the domain but zod/date-fns, and reads no clock", (file) => {
    const source = readFileSync(join(dir, file), "utf8");
    const imports = [...source.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? "");
    for (const spec of imports) {
      expect(spec.startsWith("./") || ["zod", "date-fns", "@date-fns/tz"].includes(spec), `${file} imports ${spec}`).toBe(true);
    }
    expect(source).not.toMatch(/Date\.now\s*\(/);
    expect(source).not.toMatch(/new Date\(\s*\)/);
    expect(source).not.toMatch(/Math\.random/);
    expect(source).not.toMatch(/process\./);
    expect(source).not.toMatch(/\.(getHours|getMinutes|getDate|getDay|getMonth|getFullYear|getTimezoneOffset|setHours|setDate)\s*\(/);
  });
});
