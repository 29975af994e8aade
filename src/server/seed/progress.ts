/**
 * Progress of a bulk seed: rows per second, percentage and time left, on one refreshed line of stderr.
 */

export interface BulkProgress {
  seekersDone: number;
  seekersTotal: number;
  agenciesDone: number;
  agenciesTotal: number;
  rowsWritten: number;
  elapsedMs: number;
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return "?";
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${String(s % 60).padStart(2, "0")} s` : `${s} s`;
}

const number = (n: number) => Math.round(n).toLocaleString("fr-FR");

/** One French line: « 42,0 % · 63 000 / 150 000 demandeurs · 2/15 agences · 512 300 lignes (48 000/s) · reste ≈ 35 s ». */
function formatProgress(p: BulkProgress): string {
  const ratio = p.seekersTotal > 0 ? p.seekersDone / p.seekersTotal : 1;
  const rate = p.elapsedMs > 0 ? (p.rowsWritten * 1000) / p.elapsedMs : 0;
  const eta = ratio > 0 ? (p.elapsedMs * (1 - ratio)) / ratio : Number.POSITIVE_INFINITY;
  return (
    `${(ratio * 100).toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %` +
    ` · ${number(p.seekersDone)} / ${number(p.seekersTotal)} demandeurs` +
    ` · ${p.agenciesDone}/${p.agenciesTotal} agences` +
    ` · ${number(p.rowsWritten)} lignes (${number(rate)}/s)` +
    ` · reste ≈ ${duration(eta)}`
  );
}

/** A progress reporter for a terminal: rewrites one line on a TTY, prints at most every 2 s otherwise. */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): (p: BulkProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    const finished = p.seekersDone >= p.seekersTotal;
    if (stream.isTTY) {
      if (!finished && now - last < 200) return;
      last = now;
      stream.write(`\r\x1b[2K${formatProgress(p)}${finished ? "\n" : ""}`);
    } else {
      if (!finished && now - last < 2000) return;
      last = now;
      stream.write(`${formatProgress(p)}\n`);
    }
  };
}
