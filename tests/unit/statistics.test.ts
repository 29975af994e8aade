import { describe, expect, it } from "vitest";
import { weightedMedian } from "@/lib/statistics";

const expand = (values: { value: number; count: number }[]) => values.flatMap((v) => Array<number>(v.count).fill(v.value));

function plainMedian(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2;
}

describe("weightedMedian", () => {
  it("is null for no value, or only zero counts", () => {
    expect(weightedMedian([])).toBeNull();
    expect(weightedMedian([{ value: 4, count: 0 }])).toBeNull();
  });

  it("takes the middle value of an odd total and halves the two middle ones of an even total", () => {
    expect(
      weightedMedian([
        { value: 31, count: 1 },
        { value: 7, count: 1 },
        { value: 14, count: 1 },
      ]),
    ).toBe(14);
    expect(
      weightedMedian([
        { value: 21, count: 1 },
        { value: 7, count: 2 },
        { value: 30, count: 1 },
      ]),
    ).toBe(14);
    expect(
      weightedMedian([
        { value: 10, count: 3 },
        { value: 2, count: 3 },
      ]),
    ).toBe(6);
    expect(
      weightedMedian([
        { value: 5, count: 1000 },
        { value: 90, count: 1 },
      ]),
    ).toBe(5);
  });

  it("agrees with the median of the expanded list", () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let trial = 0; trial < 200; trial++) {
      const values = Array.from({ length: 1 + random(12) }, () => ({ value: random(120) - 10, count: random(5) }));
      const list = expand(values);
      expect(weightedMedian(values)).toBe(list.length ? plainMedian(list) : null);
    }
  });
});
