import type { Importer } from "./pipeline";

/** May this importer see and confirm this import? A manager: their agency's; the administrator: all (docs/rules.md#registration-imports). */
export function importInScope(importer: Pick<Importer, "role" | "agencyId">, record: { agencyId: string | null }): boolean {
  if (importer.role === "ADMIN") return true;
  return importer.role === "MANAGER" && importer.agencyId !== null && record.agencyId === importer.agencyId;
}
