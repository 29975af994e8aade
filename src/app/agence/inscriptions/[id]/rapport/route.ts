import { registrationReportRoute } from "@/server/routes/registration-imports";

export const dynamic = "force-dynamic";

/** The per-row report of an import (CSV): GET /agence/inscriptions/[id]/rapport[?resultat=OUTCOME]. */
export const GET = registrationReportRoute;
