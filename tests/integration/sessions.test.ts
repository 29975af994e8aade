/**
 * Server-side sessions (issue 13): a session token only names a `UserSession` row, checked on every request by
 * `currentActor` and by next-auth's session endpoint. Sign-out, idleness, deactivation, a role change (even back)
 * and a password change end it; a one-time password opens « Mon compte » only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const request = vi.hoisted(() => {
  process.env.NEXTAUTH_SECRET = "secret-de-test-des-sessions-0123456789";
  return { cookie: undefined as string | undefined, path: "/" };
});
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (name === "next-auth.session-token" && request.cookie ? { name, value: request.cookie } : undefined) }),
  headers: async () => new Headers({ "x-modalis-path": request.path }),
}));

import { z } from "zod";
import { getServerSession } from "next-auth";
import { encode, type JWT } from "next-auth/jwt";
import type { PrismaClient } from "@/generated/prisma/client";
import { authOptions } from "@/server/auth/options";
import { authorizedAction, MESSAGES } from "@/server/auth/guard";
import { hashPassword } from "@/server/auth/password";
import { currentActor, requirePageActor } from "@/server/auth/session";
import { LAST_SEEN_RESOLUTION_MS, resolveSession, SESSION_MAX_AGE_SECONDS } from "@/server/auth/sessions";
import { changePassword } from "@/server/use-cases/change-password";
import { createSocialWorker } from "@/server/use-cases/social-workers";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";
import { makeAgency, makeUser } from "../support/factories";

const PASSWORD = "une phrase de passe solide";
const SECRET = process.env.NEXTAUTH_SECRET!;

type Authorize = (credentials: Record<string, string>, request: { headers: Record<string, string> }) => Promise<{ id: string; sid: string } | null>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

/** Signs in through next-auth's `authorize` and `jwt` callback; returns the session cookie's value and its token. */
async function signIn(email: string, password = PASSWORD): Promise<{ cookie: string; token: JWT }> {
  const user = await authorize({ email, password }, { headers: { "x-modalis-socket-address": "192.0.2.10" } });
  if (!user) throw new Error("sign-in refused");
  const token = (await authOptions.callbacks!.jwt!({ token: {}, user: user as never, account: null, trigger: "signIn" } as never)) as JWT;
  return { cookie: await encode({ token, secret: SECRET }), token };
}

/** What `/api/auth/session` answers for this cookie (getServerSession runs the same session endpoint). */
async function sessionEndpoint(cookie: string): Promise<{ body: unknown; setCookie: string[] }> {
  const setCookie: string[] = [];
  const response = {
    getHeader: () => setCookie,
    setHeader: (_name: string, value: string[]) => setCookie.splice(0, setCookie.length, ...value),
    setCookie: () => undefined,
  };
  const body = await getServerSession({ headers: {}, cookies: { "next-auth.session-token": cookie } } as never, response as never, authOptions);
  return { body, setCookie };
}

async function actorWith(cookie: string | undefined) {
  request.cookie = cookie;
  return currentActor();
}

async function redirectOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return digest.split(";")[2] ?? "";
  }
}

describe("server-side sessions", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let agencyId: string;
  let serial = 0;

  async function person(role: "ADVISOR" | "MANAGER" = "ADVISOR") {
    serial += 1;
    const email = `personne${serial}@sessions.test`;
    const user = await makeUser(prisma, agencyId, role, "Paule", `Personne${serial}`, { email, passwordHash: await hashPassword(PASSWORD) });
    return { id: user.id, email };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
    prisma = db.prisma;
    agencyId = (await makeAgency(prisma, { code: "SE-1", name: "Agence", departement: "76", address: "1 rue" })).id;
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("ends on the server at sign-out: a token captured before opens nothing after", async () => {
    const { id, email } = await person();
    const { cookie, token } = await signIn(email);
    expect((await actorWith(cookie))?.id).toBe(id);
    expect((await sessionEndpoint(cookie)).body).toMatchObject({ userId: id });
    await authOptions.events!.signOut!({ token, session: null as never });
    expect(await actorWith(cookie)).toBeNull();
    const afterSignOut = await sessionEndpoint(cookie);
    expect(afterSignOut.body).toBeNull();
    expect(afterSignOut.setCookie.join(";")).toMatch(/next-auth\.session-token=;/);
    // Other sessions of the same person stay open.
    const other = await signIn(email);
    expect((await actorWith(other.cookie))?.id).toBe(id);
  });

  it("ends after the idle timeout, and reading pages writes the last-seen time at most once a minute", async () => {
    const { email } = await person();
    const { token } = await signIn(email);
    const seen = () => prisma.userSession.findUniqueOrThrow({ where: { id: token.sid! }, select: { lastSeenAt: true } });
    const start = (await seen()).lastSeenAt.getTime();
    const idleMs = 30 * 60_000;
    expect(await resolveSession(token.sid, new Date(start + LAST_SEEN_RESOLUTION_MS - 1), { idleMs })).not.toBeNull();
    expect((await seen()).lastSeenAt.getTime()).toBe(start);
    expect(await resolveSession(token.sid, new Date(start + 20 * 60_000), { idleMs })).not.toBeNull();
    expect((await seen()).lastSeenAt.getTime()).toBe(start + 20 * 60_000);
    expect(await resolveSession(token.sid, new Date(start + 49 * 60_000), { idleMs })).not.toBeNull();
    expect(await resolveSession(token.sid, new Date(start + 79 * 60_000), { idleMs })).toBeNull();
    // Activity never stretches a session past its absolute lifetime.
    const fresh = await signIn(email);
    const opened = (await prisma.userSession.findUniqueOrThrow({ where: { id: fresh.token.sid! } })).createdAt.getTime();
    for (let minutes = 25; minutes * 60_000 < SESSION_MAX_AGE_SECONDS * 1000; minutes += 25) {
      expect(await resolveSession(fresh.token.sid, new Date(opened + minutes * 60_000), { idleMs })).not.toBeNull();
    }
    expect(await resolveSession(fresh.token.sid, new Date(opened + SESSION_MAX_AGE_SECONDS * 1000), { idleMs })).toBeNull();
  });

  it("deletes ended sessions, which hold an address, when someone signs in", async () => {
    const { email } = await person();
    const first = await signIn(email);
    await authOptions.events!.signOut!({ token: first.token, session: null as never });
    const second = await signIn(email);
    expect(await prisma.userSession.count({ where: { id: first.token.sid! } })).toBe(0);
    await prisma.userSession.update({ where: { id: second.token.sid! }, data: { lastSeenAt: new Date(Date.now() - SESSION_MAX_AGE_SECONDS * 1000 - 1000) } });
    await signIn((await person()).email);
    expect(await prisma.userSession.count({ where: { id: second.token.sid! } })).toBe(0);
  });

  it("answers nothing for a disabled account, on the session endpoint too", async () => {
    const { id, email } = await person();
    const { cookie } = await signIn(email);
    await prisma.user.update({ where: { id }, data: { active: false } });
    expect(await actorWith(cookie)).toBeNull();
    expect((await sessionEndpoint(cookie)).body).toBeNull();
    // Reactivating the account does not revive the old token.
    await prisma.user.update({ where: { id }, data: { active: true } });
    expect(await actorWith(cookie)).toBeNull();
  });

  it("never revives a token when a role is changed and changed back", async () => {
    const { id, email } = await person("ADVISOR");
    const { cookie } = await signIn(email);
    await prisma.user.update({ where: { id }, data: { role: "MANAGER" } });
    await prisma.user.update({ where: { id }, data: { role: "ADVISOR" } });
    expect(await actorWith(cookie)).toBeNull();
    expect((await sessionEndpoint(cookie)).body).toBeNull();
  });

  it("ends every session of the person when the password changes", async () => {
    const { id, email } = await person();
    const first = await signIn(email);
    const second = await signIn(email);
    const bystander = await signIn((await person()).email);
    const actor = (await actorWith(first.cookie))!;
    await changePassword(actor, { currentPassword: PASSWORD, newPassword: "une toute nouvelle phrase", confirmation: "une toute nouvelle phrase" });
    expect(await actorWith(first.cookie)).toBeNull();
    expect(await actorWith(second.cookie)).toBeNull();
    expect(await actorWith(bystander.cookie)).not.toBeNull();
    expect((await actorWith((await signIn(email, "une toute nouvelle phrase")).cookie))?.id).toBe(id);
  });

  it("sends a signed-out visitor to the login page with the way back, a path of this site only", async () => {
    request.cookie = undefined;
    request.path = "/conseiller/demandeurs/8c1f?onglet=rendez-vous";
    expect(await redirectOf(() => requirePageActor("caseload:read"))).toBe("/connexion?callbackUrl=%2Fconseiller%2Fdemandeurs%2F8c1f%3Fonglet%3Drendez-vous");
    request.path = "//attaquant.example/piege";
    expect(await redirectOf(() => requirePageActor("caseload:read"))).toBe("/connexion");
  });

  it("lets a one-time password open « Mon compte » only, until it is changed", async () => {
    const manager = (await actorWith((await signIn((await person("MANAGER")).email)).cookie))!;
    const worker = await createSocialWorker(manager, { agencyId, firstName: "Sacha", lastName: "Social", email: "sacha@sessions.test" }, { now: new Date() });
    const first = await signIn(worker.email, worker.temporaryPassword);
    const actor = await actorWith(first.cookie);
    expect(actor?.mustChangePassword).toBe(true);
    expect(await redirectOf(() => requirePageActor("tandem:read"))).toBe("/mon-compte");
    expect(await redirectOf(() => requirePageActor("account:manage"))).toBeNull();
    const action = (permission: "tandem:read" | "account:manage") =>
      authorizedAction({ name: "test.otp", revalidates: [], permission, schema: z.strictObject({}), resolveActor: currentActor, run: async () => "fait" });
    expect(await action("tandem:read")({})).toEqual({ ok: false, error: MESSAGES.passwordChangeRequired, code: "FORBIDDEN" });
    expect(await action("account:manage")({})).toEqual({ ok: true, data: "fait" });

    await changePassword(actor!, { currentPassword: worker.temporaryPassword, newPassword: "ma phrase à moi, enfin", confirmation: "ma phrase à moi, enfin" });
    const again = await actorWith((await signIn(worker.email, "ma phrase à moi, enfin")).cookie);
    expect(again?.mustChangePassword).toBeUndefined();
    expect(await redirectOf(() => requirePageActor("tandem:read"))).toBeNull();
  });
});
