/** Progress goes to stderr (stdout carries the results table). */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

export const fr = (n: number, digits = 0) => n.toLocaleString("fr-FR", { maximumFractionDigits: digits, minimumFractionDigits: 0 });

export function seconds(ms: number): string {
  return `${(ms / 1000).toLocaleString("fr-FR", { maximumFractionDigits: 1, minimumFractionDigits: 1 })} s`;
}
