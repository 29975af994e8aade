import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/env";
import { prisma } from "@/server/db";
import { randomUUID } from "node:crypto";
import { hashPassword, verifyPassword, PASSWORD_MAX_LENGTH } from "./password";
import type { Role } from "@/generated/prisma/client";

const credentialsSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

// Verifying against a throwaway hash when the account is unknown keeps response times alike for both cases.
let dummyHash: Promise<string> | undefined;
const unknownAccountHash = () => (dummyHash ??= hashPassword(randomUUID()));

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
      async authorize(credentials) {
        const parsed = credentialsSchema.safeParse({ email: credentials?.email, password: credentials?.password });
        if (!parsed.success) return null;
        const db = await prisma();
        const user = await db.user.findUnique({
          where: { email: parsed.data.email },
          select: { id: true, email: true, firstName: true, lastName: true, role: true, active: true, passwordHash: true, sessionVersion: true },
        });
        const valid = await verifyPassword(user?.passwordHash ?? (await unknownAccountHash()), parsed.data.password);
        if (!user || !valid || !user.active) return null;
        await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
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
