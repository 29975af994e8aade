import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServedTestDatabase, type ServedTestDatabase } from "../support/database";
import { makeAgency } from "../support/factories";
import { runNpmScript } from "../support/processes";

const HEADER = "Identifiant;Civilité;Nom;Prénom;Date de naissance;Courriel;Téléphone portable;Adresse;Code postal;Commune;Date d'inscription;Catégorie";

describe("npm run import — the command line", () => {
  let served: ServedTestDatabase;
  beforeAll(async () => {
    served = await createServedTestDatabase();
  });
  afterAll(async () => {
    await served?.dispose();
  });

  const env = () =>
    served.options.engine === "postgres" ? { DATABASE_URL: served.options.url } : { PGLITE_DATA_DIR: served.options.dataDir!, DATABASE_URL: "" };

  it("previews with --dry-run (nothing imported), then imports, prints the counts and writes the report next to the file", async () => {
    const db = served.db.prisma;
    const agency = await makeAgency(db, { code: "ROUEN", name: "Rouen" });
    await db.agencyCommune.create({ data: { inseeCode: "76540", postalCode: "76000", name: "Rouen", agencyId: agency.id } });
    const folder = mkdtempSync(path.join(tmpdir(), "modalis-import-"));
    const file = path.join(folder, "inscriptions.csv");
    writeFileSync(
      file,
      [
        HEADER,
        "1234567A;MME;Martin;Léa;01/05/1990;lea.martin@example.fr;06 12 34 56 78;3 rue Jeanne d'Arc;76000;Rouen;20/02/2026;A",
        "1234568B;M;Petit;Paul;02/06/1985;;;;76000;Rouen;21/02/2026;B",
        "12;M;Faux;Identifiant;02/06/1985;;;;76000;Rouen;21/02/2026;B",
      ].join("\n"),
    );

    const dry = runNpmScript("import", [file, "--dry-run", "--today", "2026-03-02"], env());
    expect(await dry.exited(120_000)).toBe(0);
    expect(dry.lines.join("\n")).toMatch(/nouveau : 2/);
    expect(dry.lines.join("\n")).toMatch(/refusé : 1/);
    expect(await db.seeker.count()).toBe(0);

    const run = runNpmScript("import", [file, "--today", "2026-03-02", "--agency", "ROUEN"], env());
    expect(await run.exited(120_000)).toBe(0);
    expect(run.lines.join("\n")).toMatch(/Importé en/);
    const seekers = await db.seeker.findMany({ orderBy: { franceTravailId: "asc" } });
    expect(seekers.map((s) => [s.franceTravailId, s.status, s.phone])).toEqual([
      ["1234567A", "AWAITING_DIAGNOSTIC", "+33612345678"],
      ["1234568B", "AWAITING_DIAGNOSTIC", null],
    ]);
    const report = readFileSync(`${file}.rapport.csv`, "utf8");
    expect(report.split("\r\n")[0]).toBe("\uFEFFLigne;Résultat;Motif ou changements;Identifiant;Nom;Prénom;Code postal;Commune;Agence");
    expect(report).toMatch(/\r\n2;nouveau;;1234567A;Martin;Léa;76000;Rouen;ROUEN\r\n/);
    // A refused row still names who it is, as written.
    expect(report).toMatch(/\r\n4;refusé;[^;]+;12;Faux;Identifiant;76000;Rouen;\r\n/);
    // The system actor: no user in the journal (« Modalis »).
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "registrations.imported" } })).toMatchObject({ actorId: null, actorRole: null });

    // The same file again: all « inchangé ».
    const again = runNpmScript("import", [file, "--today", "2026-03-02"], env());
    expect(await again.exited(120_000)).toBe(0);
    expect(again.lines.join("\n")).toMatch(/inchangé : 2/);
  }, 240_000);
});
