/**
 * The registration file as the pipeline reads it (src/server/imports/pipeline.ts): import-parse's streamed reader
 * (`readRegistrationFile`, CSV or XLSX, the whole file refused with a French `RegistrationFileError`), its row checks
 * (`checkRegistrant`) and the agencies' territories (`loadTerritory` / `findAgency`). A row without a commune takes the
 * first commune (by INSEE code) of its postal code in the agency found, as the seeker's file needs one.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { AgencyFinder, CheckedRow, RawIdentity, RegistrationReader } from "./pipeline";
import { readRegistrationFile, type CellValue, type RegistrationCells } from "./read-file";
import { checkRegistrant } from "./registrant";
import { findAgency, loadTerritory } from "./territory";

/** A cell as plain text (a refused row's identity in the report), null when empty. */
function cellText(value: CellValue): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value.trim() || null;
  if (typeof value === "number") return String(value);
  return value.kind === "date" ? value.date : null;
}

function rawIdentity(cells: RegistrationCells): RawIdentity {
  return {
    franceTravailId: cellText(cells.franceTravailId),
    lastName: cellText(cells.lastName),
    firstName: cellText(cells.firstName),
    postalCode: cellText(cells.postalCode),
    commune: cellText(cells.commune),
  };
}

export const registrationReader: RegistrationReader = {
  async *rows(source, { fileName, today }): AsyncGenerator<CheckedRow> {
    for await (const row of readRegistrationFile(source, { fileName })) {
      const check = checkRegistrant(row.cells, { today });
      yield check.ok
        ? { rowNumber: row.rowNumber, ok: true, registrant: check.registrant }
        : { rowNumber: row.rowNumber, ok: false, reason: check.reason, raw: rawIdentity(row.cells) };
    }
  },
  async territory(db: PrismaClient): Promise<AgencyFinder> {
    const territory = await loadTerritory(db);
    return (postalCode, commune) => {
      const found = findAgency(territory, postalCode, commune);
      if ("reason" in found) return found;
      const first = territory.byPostalCode.get(postalCode)?.find((c) => c.agencyId === found.agencyId);
      return { agencyId: found.agencyId, commune: first?.name };
    };
  },
};
