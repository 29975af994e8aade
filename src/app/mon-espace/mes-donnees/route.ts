import { dataExport } from "@/server/routes/seeker-space";

export const dynamic = "force-dynamic";

/** Everything the service holds about the signed-in seeker, as a JSON file (RGPD right of access). */
export const GET = dataExport;
