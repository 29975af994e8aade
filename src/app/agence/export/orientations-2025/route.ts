import { orientations2025Export } from "@/server/routes/agency-exports";

export const dynamic = "force-dynamic";

/** CSV of the oriented seekers of an agency on the 2025 offer: GET /agence/export/orientations-2025[?agence=ID]. */
export const GET = orientations2025Export;
