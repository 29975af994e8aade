/**
 * The registration imports' route handlers (issue 17), exported by the route files under src/app/agence/inscriptions:
 * - POST /agence/inscriptions/envoi[?agence=ID] — the file itself as the body (not a server action: their body is
 *   limited to 1 MB), streamed into storage up to `MAX_REGISTRATION_FILE_BYTES`; its name in the `X-Nom-Fichier`
 *   header (URI-encoded). The `X-Modalis-Envoi` header is required: a form of another site cannot set it (no CSRF).
 *   Answers `{ importId }` (201); the preview then runs as a job.
 * - GET /agence/inscriptions/[id]/rapport[?resultat=OUTCOME] — the per-row report (CSV), streamed.
 */
import "server-only";
import type { RegistrationRowOutcome } from "@/generated/prisma/client";
import { authorizedRoute } from "@/server/auth/guard";
import { recordAudit } from "@/server/audit";
import { prisma } from "@/server/db";
import { DomainError } from "@/server/errors";
import { MAX_REGISTRATION_FILE_BYTES } from "@/server/imports/pipeline";
import { registrationReport, reportFileName } from "@/server/imports/report";
import { importInScope } from "@/server/imports/scope";
import { startRegistrationImport } from "@/server/use-cases/registration-imports";
import { safeFileName } from "@/lib/csv";
import { readIdParam } from "@/lib/route-params";

export const UPLOAD_HEADER = "x-modalis-envoi";
export const FILE_NAME_HEADER = "x-nom-fichier";
const OUTCOMES: readonly RegistrationRowOutcome[] = ["NEW", "UPDATED", "UNCHANGED", "TRANSFER", "REFUSED"];

async function* bodyOf(request: Request): AsyncGenerator<Uint8Array> {
  if (!request.body) return;
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

export const uploadRegistrationFile = authorizedRoute<unknown>({
  name: "registrations.upload",
  permission: "registrations:import",
  async run(actor, request) {
    if (request.headers.get(UPLOAD_HEADER) !== "1") throw new DomainError("INVALID", "Envoi refusé : utilisez le formulaire de la page « Inscriptions ».");
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (!Number.isFinite(declared) || declared > MAX_REGISTRATION_FILE_BYTES) {
      throw new DomainError("INVALID", `Le fichier dépasse la taille maximale de ${MAX_REGISTRATION_FILE_BYTES / 1024 / 1024} Mo : rien n'a été importé.`);
    }
    let fileName = "";
    try {
      fileName = decodeURIComponent(request.headers.get(FILE_NAME_HEADER) ?? "");
    } catch {
      throw new DomainError("INVALID", "Nom du fichier illisible.");
    }
    const asked = readIdParam(new URL(request.url).searchParams.getAll("agence"));
    if (asked === null) throw new DomainError("NOT_FOUND", "Agence introuvable.");
    const { importId } = await startRegistrationImport(actor, { agencyId: asked ?? null, fileName }, bodyOf(request));
    return Response.json({ importId }, { status: 201 });
  },
});

export const registrationReportRoute = authorizedRoute<{ params: Promise<{ id: string }> }>({
  name: "registrations.report",
  permission: "registrations:import",
  async run(actor, request, context) {
    const id = readIdParam((await context.params).id);
    if (!id) throw new DomainError("NOT_FOUND", "Import introuvable.");
    const db = await prisma();
    const record = await db.registrationImport.findUnique({ where: { id }, select: { agencyId: true, fileName: true, createdAt: true, status: true } });
    if (!record || !importInScope({ role: actor.role, agencyId: actor.agencyId }, record)) throw new DomainError("NOT_FOUND", "Import introuvable.");
    const askedOutcome = new URL(request.url).searchParams.get("resultat");
    const outcome = OUTCOMES.find((o) => o === askedOutcome);
    if (askedOutcome !== null && !outcome) throw new DomainError("INVALID", "Résultat inconnu.");
    await recordAudit({
      actor,
      action: "export.downloaded",
      agencyId: record.agencyId,
      subjectType: "RegistrationImport",
      subjectId: id,
      metadata: { export: "registrationReport" },
    });
    const lines = registrationReport(db, id, outcome);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    return new Response(body, {
      status: 200,
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${safeFileName(reportFileName(record.fileName, record.createdAt))}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
});
