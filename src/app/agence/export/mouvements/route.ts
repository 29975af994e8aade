import { movementsExport } from "@/server/routes/agency-exports";

export const dynamic = "force-dynamic";

/** CSV of the entries and exits per month: GET /agence/export/mouvements[?agence=ID]. */
export const GET = movementsExport;
