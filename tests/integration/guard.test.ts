import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { authorizedAction, authorizedRoute, MESSAGES } from "@/server/auth/guard";
import { DomainError } from "@/server/errors";
import type { Actor } from "@/server/auth/policy";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";

const advisor: Actor = { id: "00000000-0000-4000-8000-000000000001", role: "ADVISOR", agencyId: null, email: "a@t.fr", firstName: "A", lastName: "B" };
const seeker: Actor = { ...advisor, id: "00000000-0000-4000-8000-000000000002", role: "SEEKER" };

describe("the authenticated wrapper of server actions and route handlers", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
  });
  afterAll(async () => {
    await db.dispose();
  });

  const calls: unknown[] = [];
  const makeAction = (who: Actor | null, run?: () => Promise<unknown>) =>
    authorizedAction({
      name: "test.echo",
      revalidates: [],
      permission: "caseload:read",
      schema: z.strictObject({ count: z.number().int().min(1, { message: "Au moins 1." }) }),
      resolveActor: async () => who,
      run: async (_actor, input) => {
        calls.push(input);
        return run ? run() : input.count * 2;
      },
    });

  it("runs the use case for a permitted actor with valid input", async () => {
    expect(await makeAction(advisor)({ count: 2 })).toEqual({ ok: true, data: 4 });
  });

  it("refuses an anonymous caller before parsing anything", async () => {
    calls.length = 0;
    expect(await makeAction(null)({ count: 2 })).toEqual({ ok: false, error: MESSAGES.unauthenticated, code: "UNAUTHENTICATED" });
    expect(calls).toEqual([]);
  });

  it("refuses a role without the permission and audits the denial", async () => {
    calls.length = 0;
    expect(await makeAction(seeker)({ count: 2 })).toEqual({ ok: false, error: MESSAGES.forbidden, code: "FORBIDDEN" });
    expect(calls).toEqual([]);
    const denial = await db.prisma.auditEvent.findFirst({ where: { actorId: seeker.id, action: "authorization.denied" } });
    expect(denial?.metadata).toEqual({ operation: "test.echo" });
  });

  it("refuses extra keys (mass assignment) and wrong types with French field errors", async () => {
    calls.length = 0;
    const forged = await makeAction(advisor)({ count: 2, agencyId: "x" });
    expect(forged.ok).toBe(false);
    const invalid = await makeAction(advisor)({ count: 0 });
    expect(invalid).toEqual({ ok: false, error: MESSAGES.invalid, code: "INVALID", fieldErrors: { count: ["Au moins 1."] } });
    expect(calls).toEqual([]);
  });

  it("shows a domain refusal's message but hides unexpected errors", async () => {
    const refused = await makeAction(advisor, async () => {
      throw new DomainError("CAPACITY", "Le portefeuille est complet.");
    })({ count: 1 });
    expect(refused).toEqual({ ok: false, error: "Le portefeuille est complet.", code: "CAPACITY" });
    const withRoom = await makeAction(advisor, async () => {
      throw new DomainError("CAPACITY", "Le portefeuille est complet.", { alternatives: [{ advisorId: "b", name: "Bo", room: 3 }] });
    })({ count: 1 });
    expect(withRoom).toEqual({
      ok: false,
      error: "Le portefeuille est complet.",
      code: "CAPACITY",
      details: { alternatives: [{ advisorId: "b", name: "Bo", room: 3 }] },
    });
    const crashed = await makeAction(advisor, async () => {
      throw new Error('relation "Seeker" does not exist');
    })({ count: 1 });
    expect(crashed).toEqual({ ok: false, error: MESSAGES.unexpected, code: "UNEXPECTED" });
  });

  it("answers route handlers with 401, 403 and a generic 500", async () => {
    const route = (who: Actor | null, run: () => Promise<Response>) =>
      authorizedRoute({ name: "test.route", permission: "caseload:read", resolveActor: async () => who, run });
    const ok = async () => Response.json({ fine: true });
    expect((await route(null, ok)(new Request("http://x/"), {})).status).toBe(401);
    expect((await route(seeker, ok)(new Request("http://x/"), {})).status).toBe(403);
    expect((await route(advisor, ok)(new Request("http://x/"), {})).status).toBe(200);
    const failing = await route(advisor, async () => {
      throw new Error("connection refused 10.0.0.1");
    })(new Request("http://x/"), {});
    expect(failing.status).toBe(500);
    expect(await failing.json()).toEqual({ error: MESSAGES.unexpected });
  });

  it("answers a refusal of a route handler with its status: 409 for a conflict or a full portfolio, 400 for bad input", async () => {
    const refusing = (error: DomainError) =>
      authorizedRoute({ name: "test.route", permission: "caseload:read", resolveActor: async () => advisor, run: async () => Promise.reject(error) });
    const statusOf = async (error: DomainError) => (await refusing(error)(new Request("http://x/"), {})).status;
    expect(await statusOf(new DomainError("CONFLICT", "Modifié entre-temps."))).toBe(409);
    expect(await statusOf(new DomainError("CAPACITY", "Portefeuille complet."))).toBe(409);
    expect(await statusOf(new DomainError("INVALID", "Date invalide."))).toBe(400);
    expect(await statusOf(new DomainError("NOT_FOUND", "Introuvable."))).toBe(404);
    const conflict = await refusing(new DomainError("CONFLICT", "Modifié entre-temps."))(new Request("http://x/"), {});
    expect(await conflict.json()).toEqual({ error: "Modifié entre-temps." });
  });

  it("turns a failure to find out who is calling (the database down) into the usual French failure, never a throw", async () => {
    const unreachable = async (): Promise<Actor | null> => {
      throw new Error("connect ECONNREFUSED 10.0.0.5:5432");
    };
    calls.length = 0;
    const action = authorizedAction({
      name: "test.down",
      revalidates: [],
      permission: "caseload:read",
      schema: z.strictObject({}),
      resolveActor: unreachable,
      run: async () => 1,
    });
    expect(await action({})).toEqual({ ok: false, error: MESSAGES.unexpected, code: "UNEXPECTED" });
    const route = authorizedRoute({ name: "test.down", permission: "caseload:read", resolveActor: unreachable, run: async () => Response.json({}) });
    const response = await route(new Request("http://x/"), {});
    expect(response.status).toBe(503);
    const body = JSON.stringify(await response.json());
    expect(body).toMatch(/indisponible/);
    expect(body).not.toMatch(/ECONNREFUSED|10\.0\.0\.5/);
  });

  it("allows a person with a one-time password nothing but changing it", async () => {
    const pending: Actor = { ...advisor, mustChangePassword: true };
    expect(await makeAction(pending)({ count: 2 })).toEqual({ ok: false, error: MESSAGES.passwordChangeRequired, code: "FORBIDDEN" });
    const route = authorizedRoute({ name: "test.route", permission: "caseload:read", resolveActor: async () => pending, run: async () => Response.json({}) });
    expect((await route(new Request("http://x/"), {})).status).toBe(403);
  });
});
