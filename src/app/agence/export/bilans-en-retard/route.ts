import { overdueReviewsExport } from "@/server/routes/agency-exports";

export const dynamic = "force-dynamic";

/** CSV of the overdue mandatory reviews: GET /agence/export/bilans-en-retard[?agence=ID][&bilan=M4|M9]. */
export const GET = overdueReviewsExport;
