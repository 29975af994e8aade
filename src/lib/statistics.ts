export type WeightedValue = { value: number; count: number };

/** The median of values each repeated `count` times, halfway between the two middle ones (SQL's percentile_cont(0.5)). */
export function weightedMedian(values: readonly WeightedValue[]): number | null {
  const total = values.reduce((sum, v) => sum + v.count, 0);
  if (total === 0) return null;
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const valueAt = (position: number) => {
    let passed = 0;
    for (const v of sorted) {
      passed += v.count;
      if (position < passed) return v.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  return (valueAt(Math.floor((total - 1) / 2)) + valueAt(Math.ceil((total - 1) / 2))) / 2;
}

/** `part` as a share of `whole` (0.25 for a quarter), null when there is no whole. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
