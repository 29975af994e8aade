/**
 * The manager's CSV downloads (issue #5), exported by the route files under src/app/agence/export. Kept here so
 * that the tests call the same handlers (as a given actor, at a given time: src/server/context.ts).
 */
import "server-only";
import { authorizedRoute } from "@/server/auth/guard";
import type { Actor } from "@/server/auth/policy";
import { recordAudit } from "@/server/audit";
import { now } from "@/server/context";
import { DomainError } from "@/server/errors";
import {
  loadsExport,
  movementsExport as movementsFile,
  orientations2025Export as orientations2025File,
  overdueReviewsExport as overdueReviewsFile,
  type CsvExport,
} from "@/server/queries/agency-exports";
import { csvResponse } from "@/lib/csv";
import { readIdParam } from "@/lib/route-params";
import type { ReviewKind } from "@/domain";

const EXPORT_MESSAGES = {
  agencyRequired: "Précisez l'agence à exporter (paramètre « agence »).",
  agencyNotFound: "Agence introuvable.",
  unknownKind: "Bilan inconnu : M4 ou M9 attendu.",
} as const;

/** The agency asked for (`?agence=`), the manager's own by default; an admin must name one. Malformed: not found. */
function requestedAgency(actor: Actor, url: URL): string {
  const asked = readIdParam(url.searchParams.getAll("agence"));
  if (asked === null) throw new DomainError("NOT_FOUND", EXPORT_MESSAGES.agencyNotFound);
  if (asked) return asked;
  if (actor.agencyId) return actor.agencyId;
  throw new DomainError("INVALID", EXPORT_MESSAGES.agencyRequired);
}

async function deliver(actor: Actor, name: string, file: CsvExport | null, extra: Record<string, string> = {}): Promise<Response> {
  // Another agency than one's own, or one that does not exist: the same answer, nothing about it is revealed.
  if (!file) throw new DomainError("NOT_FOUND", EXPORT_MESSAGES.agencyNotFound);
  await recordAudit({
    actor,
    action: "export.downloaded",
    agencyId: file.agencyId,
    subjectType: "Agency",
    subjectId: file.agencyId,
    metadata: { export: name, rows: file.rowCount, ...extra },
  });
  return csvResponse(file.body, file.fileName);
}

/** CSV of the loads table: GET /agence/export/charges[?agence=ID]. */
export const chargesExport = authorizedRoute<unknown>({
  name: "export.charges",
  permission: "agency:read",
  run: async (actor, request) => {
    const agencyId = requestedAgency(actor, new URL(request.url));
    return deliver(actor, "charges", await loadsExport(actor, agencyId, { now: now() }));
  },
});

/** CSV of the overdue reviews: GET /agence/export/bilans-en-retard[?agence=ID][&bilan=M4|M9]. */
export const overdueReviewsExport = authorizedRoute<unknown>({
  name: "export.overdueReviews",
  permission: "agency:read",
  run: async (actor, request) => {
    const url = new URL(request.url);
    const agencyId = requestedAgency(actor, url);
    const bilan = url.searchParams.get("bilan");
    if (bilan !== null && bilan !== "M4" && bilan !== "M9") throw new DomainError("INVALID", EXPORT_MESSAGES.unknownKind);
    const kind = bilan as ReviewKind | null;
    const file = await overdueReviewsFile(actor, agencyId, { now: now(), kind });
    return deliver(actor, "bilans-en-retard", file, { bilan: kind ?? "M4+M9" });
  },
});

/** CSV of the entries and exits of the last twelve months: GET /agence/export/mouvements[?agence=ID]. */
export const movementsExport = authorizedRoute<unknown>({
  name: "export.movements",
  permission: "agency:read",
  run: async (actor, request) => {
    const agencyId = requestedAgency(actor, new URL(request.url));
    return deliver(actor, "mouvements", await movementsFile(actor, agencyId, { now: now() }));
  },
});

/** CSV of the oriented seekers of an agency on the 2025 offer: GET /agence/export/orientations-2025[?agence=ID]. */
export const orientations2025Export = authorizedRoute<unknown>({
  name: "export.orientations2025",
  permission: "agency:read",
  run: async (actor, request) => {
    const agencyId = requestedAgency(actor, new URL(request.url));
    return deliver(actor, "orientations-2025", await orientations2025File(actor, agencyId, { now: now() }));
  },
});
