/**
 * The use-case kit: conflicts PostgreSQL may not raise again are retried, exhausted retries become CONFLICT (a French
 * message that says nothing was saved), anything else is rethrown. Every use case of the seeker's file and space, and
 * the password change, goes through it — before the kit, recordOutcome, cancelAppointment, setWebOnly and the seeker's
 * own actions ignored `options.db` and answered UNEXPECTED on a serialization failure.
 */
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { DomainError } from "@/server/errors";
import { cancelAppointment, recordOutcome, setWebOnly } from "@/server/use-cases/appointments";
import { changePassword } from "@/server/use-cases/change-password";
import { CONFLICT_MESSAGE, runInTransaction } from "@/server/use-cases/kit";
import { createCalendarFeed, revokeCalendarFeed, setMyWebOnly } from "@/server/use-cases/seeker-space";

const SERIALIZATION_FAILURE = Object.assign(new Error("could not serialize access due to concurrent update"), { code: "40001" });

/** A database whose every transaction fails with `error`, counting the attempts. */
function failingDatabase(error: unknown) {
  const db = {
    attempts: 0,
    user: { findUnique: async () => null },
    $transaction: async () => {
      db.attempts += 1;
      throw error;
    },
  };
  return db;
}

const asClient = (db: ReturnType<typeof failingDatabase>) => db as unknown as PrismaClient;

describe("runInTransaction", () => {
  it("retries a serialization failure and answers CONFLICT once the attempts are spent", async () => {
    const db = failingDatabase(SERIALIZATION_FAILURE);
    const outcome = runInTransaction({ db: asClient(db), attempts: 3 }, async () => "jamais");
    await expect(outcome).rejects.toMatchObject({ code: "CONFLICT", message: CONFLICT_MESSAGE });
    expect(db.attempts).toBe(3);
  });

  it("returns the result of the first attempt that succeeds", async () => {
    let attempts = 0;
    const db = {
      $transaction: async (fn: (tx: unknown) => Promise<string>) => {
        attempts += 1;
        if (attempts < 3) throw SERIALIZATION_FAILURE;
        return fn({});
      },
    } as unknown as PrismaClient;
    const retries: number[] = [];
    await expect(runInTransaction({ db, onRetry: (_e, attempt) => retries.push(attempt) }, async () => "fait")).resolves.toBe("fait");
    expect(retries).toEqual([1, 2]);
  });

  it("rethrows any other failure at once, and a refusal as is", async () => {
    const broken = failingDatabase(new Error("disque plein"));
    await expect(runInTransaction({ db: asClient(broken) }, async () => 1)).rejects.toThrow("disque plein");
    expect(broken.attempts).toBe(1);
    const refused = failingDatabase(new DomainError("INVALID", "Non."));
    await expect(runInTransaction({ db: asClient(refused) }, async () => 1)).rejects.toMatchObject({ code: "INVALID" });
    expect(refused.attempts).toBe(1);
  });

  it("uses the use case's own conflict message when it has one", async () => {
    const db = failingDatabase(SERIALIZATION_FAILURE);
    await expect(runInTransaction({ db: asClient(db), attempts: 1 }, async () => 1, { conflictMessage: "Déjà pris." })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Déjà pris.",
    });
  });
});

const ID = "00000000-0000-4000-8000-0000000000aa";
const advisor: Actor = { id: ID, role: "ADVISOR", agencyId: ID, email: "c@agence.fr", firstName: "Camille", lastName: "Martin" };
const seeker: Actor = { ...advisor, role: "SEEKER", agencyId: null, email: "d@exemple.fr" };

describe("every use case answers CONFLICT, not UNEXPECTED, when its transaction keeps conflicting", () => {
  const cases: [string, (db: PrismaClient) => Promise<unknown>][] = [
    ["recordOutcome", (db) => recordOutcome(advisor, { appointmentId: ID, outcome: "DONE" }, { db, attempts: 2 })],
    ["cancelAppointment", (db) => cancelAppointment(advisor, { appointmentId: ID }, { db, attempts: 2 })],
    ["setWebOnly", (db) => setWebOnly(advisor, { seekerId: ID, webOnly: true }, { db, attempts: 2 })],
    ["setMyWebOnly", (db) => setMyWebOnly(seeker, { webOnly: true }, { db, attempts: 2 })],
    ["createCalendarFeed", (db) => createCalendarFeed(seeker, {}, { db, attempts: 2 })],
    ["revokeCalendarFeed", (db) => revokeCalendarFeed(seeker, {}, { db, attempts: 2 })],
  ];
  it.each(cases)("%s", async (_name, call) => {
    const db = failingDatabase(SERIALIZATION_FAILURE);
    await expect(call(asClient(db))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(db.attempts).toBe(2);
  });

  it("changePassword reads and writes the database it is given", async () => {
    const db = failingDatabase(SERIALIZATION_FAILURE);
    await expect(
      changePassword(
        seeker,
        { currentPassword: "ancienne phrase", newPassword: "une phrase nouvelle", confirmation: "une phrase nouvelle" },
        { db: asClient(db) },
      ),
    ).rejects.toMatchObject({ code: "INVALID", message: "Le mot de passe actuel est incorrect : rien n'a été changé." });
  });
});
