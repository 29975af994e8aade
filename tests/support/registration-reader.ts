/**
 * A stand-in reader for the registration-import pipeline tests: one `;`-separated line per registrant (no header),
 * identifier checked as 7 digits and a letter, territory from the `AgencyCommune` table. The real reader (CSV/XLSX
 * parsing and every row check) is src/server/imports/read-file.ts + registrant.ts, tested on its own; these tests are
 * about what the pipeline does with checked rows.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { AgencyFinder, CheckedRow, RegistrationReader } from "@/server/imports/pipeline";

export type LineFields = {
  id: string;
  civility?: "M" | "MME" | null;
  lastName?: string;
  firstName?: string;
  birthDate?: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  postalCode?: string;
  commune?: string | null;
  registrationDate?: string;
  category?: "A" | "B" | "C" | "D" | "E";
};

export function line(fields: LineFields): string {
  return [
    fields.id,
    fields.civility ?? "",
    fields.lastName ?? "Martin",
    fields.firstName ?? "Léa",
    fields.birthDate ?? "1990-05-01",
    fields.email ?? "",
    fields.phone ?? "",
    fields.address ?? "",
    fields.postalCode ?? "76000",
    fields.commune ?? "",
    fields.registrationDate ?? "2026-02-20",
    fields.category ?? "A",
  ].join(";");
}

export function file(lines: string[]): string {
  return `${lines.join("\n")}\n`;
}

export async function* bytesOf(text: string, pieceSize = 7): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += pieceSize) yield bytes.subarray(i, i + pieceSize);
}

async function* linesOf(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const piece of source) {
    rest += decoder.decode(piece, { stream: true });
    const parts = rest.split("\n");
    rest = parts.pop() ?? "";
    yield* parts;
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

export const testReader: RegistrationReader = {
  async *rows(source, { today }): AsyncGenerator<CheckedRow> {
    let rowNumber = 1;
    for await (const text of linesOf(source)) {
      rowNumber += 1;
      if (text === "") continue;
      const [id, civility, lastName, firstName, birthDate, email, phone, address, postalCode, commune, registrationDate, category] = text.split(";");
      if (!/^\d{7}[A-Z]$/.test(id ?? "")) {
        yield { rowNumber, ok: false, reason: "identifiant France Travail invalide (7 chiffres et une lettre)" };
        continue;
      }
      if ((registrationDate ?? "") > today) {
        yield { rowNumber, ok: false, reason: "inscription dans le futur" };
        continue;
      }
      yield {
        rowNumber,
        ok: true,
        registrant: {
          franceTravailId: id!,
          civility: civility === "M" || civility === "MME" ? civility : null,
          lastName: lastName!,
          firstName: firstName!,
          birthDate: birthDate!,
          email: email || null,
          phone: phone || null,
          address: address || null,
          postalCode: postalCode!,
          commune: commune || null,
          registrationDate: registrationDate!,
          category: (category || "A") as "A",
        },
      };
    }
  },
  async territory(db: PrismaClient): Promise<AgencyFinder> {
    const communes = await db.agencyCommune.findMany({ orderBy: { name: "asc" } });
    return (postalCode) => {
      const found = communes.find((c) => c.postalCode === postalCode);
      return found ? { agencyId: found.agencyId, commune: found.name } : { reason: `code postal ${postalCode} inconnu` };
    };
  },
};
