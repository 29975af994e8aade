import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  GSM7_BASIC_CHARACTERS,
  GSM7_EXTENSION_CHARACTERS,
  hasGsm7Approximation,
  isGsm7,
  smsEncoding,
  smsLength,
  smsSegments,
  toGsm7Friendly,
} from "../../src/domain";

const GSM7 = [...GSM7_BASIC_CHARACTERS, ...GSM7_EXTENSION_CHARACTERS];

describe("the GSM 03.38 tables", () => {
  it("hold the 127 basic characters and the 10 of the extension table, each once", () => {
    expect([...GSM7_BASIC_CHARACTERS]).toHaveLength(127);
    expect(new Set(GSM7_BASIC_CHARACTERS).size).toBe(127);
    expect([...GSM7_EXTENSION_CHARACTERS]).toHaveLength(10);
    expect([...GSM7_EXTENSION_CHARACTERS].filter((c) => GSM7_BASIC_CHARACTERS.includes(c))).toEqual([]);
  });

  it("have the French accented letters of the basic set, and not the others", () => {
    for (const c of "éèàùìòÉÇÄÖÑÜäöñüøØåÅæÆß") expect(smsEncoding(c), c).toBe("GSM-7");
    for (const c of "êâîôûçëïœŒÈÊÀÂÎÔÛËÏÙÿ’«»…\u00a0\u202f`") expect(smsEncoding(c), c).toBe("UCS-2");
  });

  it("put $ @ £ ¥ ¤ § ¡ ¿ _ and the Greek capitals in the basic set", () => {
    expect(isGsm7("$@£¥¤§¡¿_ΔΦΓΛΩΠΨΣΘΞ\n\r")).toBe(true);
  });
});

describe("smsLength and smsEncoding", () => {
  it("counts an extension character as two septets", () => {
    expect(smsLength("€")).toBe(2);
    expect(smsLength("[a]{b}~^|\\")).toBe(2 * 8 + 2);
    expect(smsLength("Réunion à 14 h")).toBe(14);
  });

  it("counts UTF-16 code units once a character is outside GSM-7", () => {
    expect(smsEncoding("fenêtre")).toBe("UCS-2");
    expect(smsLength("fenêtre €")).toBe(9);
    expect(smsLength("😀")).toBe(2);
  });
});

describe("smsSegments", () => {
  const a = (n: number) => "a".repeat(n);
  const e = (n: number) => "ê".repeat(n);

  it("GSM-7: 160 septets in one SMS, then parts of 153", () => {
    expect(smsSegments("")).toBe(1);
    expect(smsSegments(a(160))).toBe(1);
    expect(smsSegments(a(161))).toBe(2);
    expect(smsSegments(a(306))).toBe(2);
    expect(smsSegments(a(307))).toBe(3);
    expect(smsSegments(a(459))).toBe(3);
    expect(smsSegments(a(460))).toBe(4);
  });

  it("GSM-7: extension characters count twice and never straddle two parts", () => {
    expect(smsSegments("€".repeat(80))).toBe(1);
    expect(smsSegments("€".repeat(81))).toBe(2);
    expect(smsSegments(a(159) + "€")).toBe(2);
    // 152 + 2 + 152 = 306 septets would fill two parts, but the € cannot split: it opens the second part.
    expect(smsSegments(a(152) + "€" + a(152))).toBe(3);
    expect(smsSegments(a(151) + "€" + a(153))).toBe(2);
  });

  it("UCS-2: 70 code units in one SMS, then parts of 67", () => {
    expect(smsSegments(e(70))).toBe(1);
    expect(smsSegments(e(71))).toBe(2);
    expect(smsSegments(e(134))).toBe(2);
    expect(smsSegments(e(135))).toBe(3);
    // One ê among GSM-7 letters sends the whole text as UCS-2.
    expect(smsSegments(a(69) + "ê")).toBe(1);
    expect(smsSegments(a(70) + "ê")).toBe(2);
  });

  it("UCS-2: a surrogate pair never straddles two parts", () => {
    expect(smsSegments("😀".repeat(35))).toBe(1);
    // 36 emoji = 72 units: 33 whole emoji (66 units) per part.
    expect(smsSegments("😀".repeat(36))).toBe(2);
    expect(smsSegments("😀".repeat(66))).toBe(2);
    expect(smsSegments("😀".repeat(67))).toBe(3);
  });

  it("agrees with the plain formula when no character takes two units", () => {
    const oracle = (n: number, single: number, perPart: number) => (n <= single ? 1 : Math.ceil(n / perPart));
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...GSM7_BASIC_CHARACTERS), maxLength: 700 }), (text) => {
        expect(smsSegments(text)).toBe(oracle(text.length, 160, 153));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aéêçœ’ «»"), minLength: 1, maxLength: 400 }), (text) => {
        fc.pre(!isGsm7(text));
        expect(smsSegments(text)).toBe(oracle(text.length, 70, 67));
      }),
    );
  });

  it("never decreases when text is appended", () => {
    const mixed = fc.string({
      unit: fc.oneof(fc.constantFrom(...GSM7), fc.constantFrom(..."êç’«😀北"), fc.string({ unit: "binary", maxLength: 1 })),
      maxLength: 250,
    });
    fc.assert(
      fc.property(mixed, mixed, (head, tail) => {
        expect(smsSegments(head)).toBeLessThanOrEqual(smsSegments(head + tail));
      }),
      { numRuns: 300 },
    );
  });

  it("is one exactly when the text fits one SMS", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom(...GSM7), fc.constantFrom(..."ê😀")), maxLength: 200 }), (text) => {
        expect(smsSegments(text) === 1).toBe(smsLength(text) <= (smsEncoding(text) === "GSM-7" ? 160 : 70));
      }),
    );
  });
});

describe("toGsm7Friendly", () => {
  it("replaces what French texts use outside GSM-7 by the closest GSM-7 characters", () => {
    expect(toGsm7Friendly("Être prêt à l’entretien… « Oui », dit François à Zoë.")).toBe('Etre pret à l\'entretien... "Oui", dit Francois à Zoe.');
    expect(toGsm7Friendly("Noël, aïeul, où, maïs, août, île, forêt, cœur, Œuvre, ÇA, ça")).toBe(
      "Noel, aieul, où, mais, aout, ile, foret, coeur, OEuvre, ÇA, ca",
    );
    expect(toGsm7Friendly("ÀÂÈÊËÎÏÔÙÛÜŸ àâèêëîïôùûüÿ")).toBe("AAEEEIIOUUÜY àaèeeiioùuüy");
    expect(toGsm7Friendly("14\u00a0h\u202f30 – 15 h — ok")).toBe("14 h 30 - 15 h - ok");
    expect(toGsm7Friendly("n° 12, 2ᵉ étage, ½ journée, 100 €")).toBe("no 12, 2e étage, 1/2 journée, 100 €");
    expect(toGsm7Friendly("“guillemets” ‘simples’ `accent`")).toBe("\"guillemets\" 'simples' 'accent'");
  });

  it("drops invisible characters and turns tabs into spaces", () => {
    expect(toGsm7Friendly("a\u200bb\u00adc\ufeffd\u200de\tf")).toBe("abcde f");
  });

  it("marks a character with no close form by « ? »", () => {
    expect(toGsm7Friendly("Merci 👍 北京")).toBe("Merci ? ??");
    expect(hasGsm7Approximation("Merci 👍")).toBe(false);
    expect(hasGsm7Approximation("Nguyễn Œdipe « Zoë »")).toBe(true);
    expect(toGsm7Friendly("Nguyễn")).toBe("Nguyen");
  });

  it("composes decomposed accents first (e + combining acute is é, which GSM-7 has)", () => {
    expect(toGsm7Friendly("e\u0301te\u0301")).toBe("été");
  });

  it("always gives GSM-7, and a second pass changes nothing", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
        const friendly = toGsm7Friendly(text);
        expect(isGsm7(friendly)).toBe(true);
        expect(toGsm7Friendly(friendly)).toBe(friendly);
      }),
      { numRuns: 1000 },
    );
  });

  it("leaves a GSM-7 text unchanged", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...GSM7), maxLength: 200 }), (text) => {
        expect(toGsm7Friendly(text)).toBe(text);
        expect(hasGsm7Approximation(text)).toBe(true);
      }),
    );
  });

  // French-ish text: the letters and signs French writing uses, with its typography.
  const FRENCH_LETTERS = "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ";
  const FRENCH_SIGNS = " ,.;:!?'’«»…-–—()/%€°0123456789\u00a0\u202f\n";
  const frenchText = fc.string({ unit: fc.constantFrom(...FRENCH_LETTERS, ...FRENCH_SIGNS), maxLength: 200 });
  const withoutAccents = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/°/g, "o");

  it("turns French text into GSM-7 without a « ? », keeping every letter (accents aside)", () => {
    fc.assert(
      fc.property(frenchText, (text) => {
        const friendly = toGsm7Friendly(text);
        expect(smsEncoding(friendly)).toBe("GSM-7");
        expect(hasGsm7Approximation(text)).toBe(true);
        expect(friendly.split("?").length).toBe(text.split("?").length);
        const letters = (s: string) => withoutAccents(s).replace(/[^A-Za-zæÆ]/g, "");
        expect(letters(friendly)).toBe(letters(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("never makes a French text take more SMS (« … » aside: three septets for one unit)", () => {
    const withoutEllipsis = fc.string({ unit: fc.constantFrom(...FRENCH_LETTERS, ...FRENCH_SIGNS.replace("…", "")), maxLength: 400 });
    fc.assert(
      fc.property(withoutEllipsis, (text) => {
        expect(smsSegments(toGsm7Friendly(text))).toBeLessThanOrEqual(smsSegments(text));
      }),
      { numRuns: 1000 },
    );
  });
});
