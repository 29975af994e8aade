import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/env";
import { prisma } from "@/server/db";
import { randomUUID } from "node:crypto";
import { hashPassword, verifyPassword, PASSWORD_MAX_LENGTH } from "./password";
import { frenchDelay, LoginThrottle } from "./throttle";
import { recordAudit } from "@/server/audit";
import type { Role } from "@/generated/prisma/client";

const credentialsSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

// Verifying against a throwaway hash when the account is unknown keeps response times alike for both cases.
let dummyHash: Promise<string> | undefined;
const unknownAccountHash = () => (dummyHash ??= hashPassword(randomUUID()));

const globalForThrottle = globalThis as unknown as { modalisLoginThrottle?: LoginThrottle };
const throttle = () => (globalForThrottle.modalisLoginThrottle ??= new LoginThrottle());

/**
 * The client's address: the right-most `x-forwarded-for` entry, the one added by the server in front of us
 * (Next.js itself, or the reverse proxy); entries to its left are whatever the client sent.
 */
export function clientAddress(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const value = Array.isArray(forwarded) ? forwarded.join(",") : typeof forwarded === "string" ? forwarded : "";
  return value.split(",").map((part) => part.trim()).filter(Boolean).pop() ?? "inconnue";
}

export const THROTTLED_PREFIX = "Trop de tentatives de connexion.";

export const authOptions: NextAuthOptions = {
  secret: env().NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/connexion", error: "/connexion" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Identifiants",
      credentials: {
        email: { label: "Adresse e-mail", type: "email" },
        password: { label: "Mot de passe", type: "password" },
      },
      async authorize(credentials, request) {
        const parsed = credentialsSchema.safeParse({ email: credentials?.email, password: credentials?.password });
        if (!parsed.success) return null;
        const address = clientAddress(request?.headers);
        const account = parsed.data.email;
        const decision = throttle().check(account, address, Date.now());
        if (!decision.allowed) {
          await recordAudit({ actor: null, action: "auth.login.throttled", metadata: { scope: decision.scope, address } });
          throw new Error(`${THROTTLED_PREFIX} Réessayez dans ${frenchDelay(decision.retryAfterMs)}.`);
        }
        const db = await prisma();
        const user = await db.user.findUnique({
          where: { email: account },
          select: {
            id: true, email: true, firstName: true, lastName: true, role: true, agencyId: true, active: true, passwordHash: true, sessionVersion: true,
          },
        });
        const valid = await verifyPassword(user?.passwordHash ?? (await unknownAccountHash()), parsed.data.password);
        if (!user || !valid || !user.active) {
          throttle().recordFailure(account, address, Date.now());
          const reason = !user ? "unknown-account" : !valid ? "wrong-password" : "inactive-account";
          await recordAudit({
            actor: null,
            action: "auth.login.failed",
            agencyId: user?.agencyId ?? null,
            ...(user ? { subjectType: "User", subjectId: user.id } : {}),
            metadata: { reason, address },
          });
          return null;
        }
        throttle().recordSuccess(account, address);
        await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
        await recordAudit({
          actor: { id: user.id, role: user.role, agencyId: user.agencyId, email: user.email, firstName: user.firstName, lastName: user.lastName },
          action: "auth.login.succeeded",
          metadata: { address },
        });
        return {
          id: user.id,
          email: user.email,
          name: `${user.firstName} ${user.lastName}`,
          role: user.role,
          sessionVersion: user.sessionVersion,
        };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        const signedIn = user as typeof user & { role: Role; sessionVersion: number };
        token.sub = signedIn.id;
        token.role = signedIn.role;
        token.sessionVersion = signedIn.sessionVersion;
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub, role: token.role, sessionVersion: token.sessionVersion };
    },
  },
};
