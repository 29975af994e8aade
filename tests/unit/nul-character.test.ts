import { describe, expect, it } from "vitest";
import { pathOfNulCharacter } from "@/lib/nul-character";

describe("pathOfNulCharacter", () => {
  it("finds the NUL character in a string, at any depth, by its path", () => {
    expect(pathOfNulCharacter("a\u0000b")).toBe("_");
    expect(pathOfNulCharacter({ reason: "Inventaire\u0000" })).toBe("reason");
    expect(pathOfNulCharacter({ plan: { actions: [{ label: "ok" }, { label: "\u0000" }] } })).toBe("plan.actions.1.label");
  });

  it("answers null for clean values, other control characters and « %00 » written out", () => {
    expect(pathOfNulCharacter({ reason: "Inventaire", n: 3, list: ["a", null, true], nested: { at: "\u0001\t%00" } })).toBeNull();
    expect(pathOfNulCharacter(undefined)).toBeNull();
  });

  it("leaves values past its bounds to the schema", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 20; i += 1) deep = { d: deep };
    expect(pathOfNulCharacter(deep)).toBeNull();
    expect(pathOfNulCharacter(deep, 30)).toBe(Array.from({ length: 20 }, () => "d").join("."));
  });
});
