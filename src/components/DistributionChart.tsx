import { MODALITY_SHORT_LABELS, type Modality } from "@/domain";

type Row = { modality: Modality; share: number | null; reference: number };

const percent = (value: number) => `${(value * 100).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} %`;

/**
 * Horizontal bars of the agency's share of each modality against the reference share, drawn on the server as
 * SVG (no chart library shipped to the browser). The figures are in the table beside it; the chart carries a
 * text summary for screen readers.
 */
export function DistributionChart({ rows }: { rows: Row[] }) {
  const rowHeight = 44;
  const labelWidth = 90;
  const barWidth = 200;
  const height = rows.length * rowHeight + 24;
  const summary = rows
    .map((row) => `${MODALITY_SHORT_LABELS[row.modality]} : ${row.share === null ? "aucun" : percent(row.share)} (référence ${percent(row.reference)})`)
    .join(" ; ");
  return (
    <figure className="mb-3">
      <svg viewBox={`0 0 ${labelWidth + barWidth + 60} ${height}`} className="h-auto w-full max-w-md" role="img" aria-label={`Répartition : ${summary}`}>
        {rows.map((row, index) => {
          const y = index * rowHeight;
          const share = row.share ?? 0;
          return (
            <g key={row.modality}>
              <text x={0} y={y + 18} fontSize={12} fill="#0f172a">
                {MODALITY_SHORT_LABELS[row.modality]}
              </text>
              <rect x={labelWidth} y={y + 6} width={Math.max(1, share * barWidth)} height={14} fill="#1e40af" />
              <text x={labelWidth + share * barWidth + 4} y={y + 18} fontSize={11} fill="#0f172a">
                {percent(share)}
              </text>
              <rect x={labelWidth} y={y + 23} width={Math.max(1, row.reference * barWidth)} height={8} fill="#94a3b8" />
            </g>
          );
        })}
        <g transform={`translate(0 ${rows.length * rowHeight + 8})`}>
          <rect x={0} y={0} width={12} height={10} fill="#1e40af" />
          <text x={16} y={9} fontSize={11} fill="#0f172a">
            Agence
          </text>
          <rect x={80} y={2} width={12} height={6} fill="#94a3b8" />
          <text x={96} y={9} fontSize={11} fill="#0f172a">
            Référence
          </text>
        </g>
      </svg>
    </figure>
  );
}
