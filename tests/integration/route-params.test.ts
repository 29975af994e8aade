/**
 * Route handlers that read an id (issue 13): a malformed or repeated one answers 404 through the one parser of route
 * parameters (src/lib/route-params.ts), never a 500 nor another agency's file; the seeker's private routes send their
 * own headers (no-referrer, no-store) on every answer, refusals included. Pages are requested end to end in
 * tests/e2e/entrees-hostiles.spec.ts.
 */
import { exportRoutesAs, seekerRoutesAs } from "../support/acting";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/auth/policy";
import { PRIVATE_HEADERS } from "@/server/routes/seeker-space";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";
import { makeAgency, makeUser } from "../support/factories";

const NOW = new Date("2026-03-26T09:00:00.000Z");
const MALFORMED = ["pas-un-identifiant", "-".repeat(36), "3f1e0f7c-9d9a-4b7e-8c55-0d9b3d7a1e2z", "' OR 1=1 --"];

let db: TestDatabase;
let manager: Actor;
let seeker: Actor;
let own: string;
let other: string;

const user = (agencyId: string, role: Actor["role"], email: string) => makeUser(db.prisma, agencyId, role, "Camille", "Durand", { email });

const get = (query: [string, string][]) => {
  const url = new URL("http://localhost/agence/export/charges");
  for (const [key, value] of query) url.searchParams.append(key, value);
  return new Request(url);
};

describe("route handlers and malformed ids", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
    own = (await makeAgency(db.prisma, { code: "76-RP", name: "Rouen", departement: "76", address: "1 rue A" })).id;
    other = (await makeAgency(db.prisma, { code: "27-RP", name: "Évreux", departement: "27", address: "2 rue B" })).id;
    manager = await user(own, "MANAGER", "directrice@rp.test");
    seeker = await user(own, "SEEKER", "demandeur@rp.test");
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("exports answer 404 for a malformed or repeated `agence`, the file for one well-formed one", async () => {
    const routes = exportRoutesAs(
      async () => manager,
      () => NOW,
    );
    for (const route of [routes.charges, routes.overdueReviews, routes.orientations2025]) {
      expect((await route(get([]), {})).status).toBe(200);
      expect((await route(get([["agence", own]]), {})).status).toBe(200);
      expect(
        (
          await route(
            get([
              ["agence", own],
              ["agence", own],
            ]),
            {},
          )
        ).status,
      ).toBe(200);
      for (const query of [
        ...MALFORMED.map((v): [string, string][] => [["agence", v]]),
        [
          ["agence", own],
          ["agence", other],
        ] as [string, string][],
      ]) {
        const response = await route(get(query), {});
        expect(response.status, JSON.stringify(query)).toBe(404);
        expect(await response.json()).toEqual({ error: "Agence introuvable." });
      }
    }
  });

  it("the .ics of an appointment answers 404 for a malformed id, and every answer of the private routes carries their headers", async () => {
    const routes = seekerRoutesAs(
      async () => seeker,
      () => NOW,
    );
    for (const id of MALFORMED) {
      const response = await routes.appointmentIcs(new Request("http://localhost/mon-espace/rendez-vous/x/ics"), { params: Promise.resolve({ id }) });
      expect(response.status, id).toBe(404);
      for (const [name, value] of Object.entries(PRIVATE_HEADERS)) expect(response.headers.get(name), `${id} ${name}`).toBe(value);
    }
    const anonymous = seekerRoutesAs(
      async () => null,
      () => NOW,
    );
    const refused = [
      await anonymous.appointmentIcs(new Request("http://localhost/mon-espace/rendez-vous/x/ics"), { params: Promise.resolve({ id: own }) }),
      await anonymous.dataExport(new Request("http://localhost/mon-espace/mes-donnees"), {}),
      await seekerRoutesAs(
        async () => manager,
        () => NOW,
      ).dataExport(new Request("http://localhost/mon-espace/mes-donnees"), {}),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 403]);
    for (const response of refused) expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
  });
});
