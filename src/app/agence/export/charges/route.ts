import { chargesExport } from "@/server/routes/agency-exports";

export const dynamic = "force-dynamic";

/** CSV of the loads table: GET /agence/export/charges[?agence=ID]. */
export const GET = chargesExport;
