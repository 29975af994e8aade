import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env, secureCookies } from "@/env";
import { clientAddress, trustedProxyList } from "./client-address";
import { signInWithPassword } from "./login";
import { resolveSession, revokeSession, SESSION_MAX_AGE_SECONDS } from "./sessions";
import { frenchDelay } from "./throttle";

export const THROTTLED_PREFIX = "Trop de tentatives de connexion.";

/** The session behind a token is over (signed out, idle, disabled…): next-auth then answers `{}` and drops the cookie. */
class SessionEnded extends Error {
  constructor() {
    super("session ended");
    this.name = "SessionEnded";
  }
}

let trusted: ReturnType<typeof trustedProxyList> | undefined;
const trustedProxies = () => (trusted ??= trustedProxyList(env().TRUSTED_PROXIES));

/** The name next-auth gives the session cookie (`__Secure-` when the public URL is https). */
export const sessionCookieName = () => `${secureCookies(env()) ? "__Secure-" : ""}next-auth.session-token`;

export const authOptions: NextAuthOptions = {
  secret: env().NEXTAUTH_SECRET,
  useSecureCookies: secureCookies(env()),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
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
        const address = clientAddress(request?.headers, trustedProxies());
        const result = await signInWithPassword({ email: credentials?.email, password: credentials?.password }, address);
        if (result.status === "throttled") throw new Error(`${THROTTLED_PREFIX} Réessayez dans ${frenchDelay(result.retryAfterMs)}.`);
        if (result.status === "refused") return null;
        return { id: result.user.id, email: result.user.email, name: result.user.name, sid: result.user.sessionId };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) return { sub: user.id, name: user.name, email: user.email, sid: (user as typeof user & { sid: string }).sid };
      if (!(await resolveSession(token.sid))) throw new SessionEnded();
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
  events: {
    async signOut({ token }) {
      await revokeSession(token?.sid);
    },
  },
  logger: {
    error(code, metadata) {
      if (metadata instanceof SessionEnded) return;
      console.error(`[next-auth][error][${code}]`, metadata);
    },
    warn(code) {
      console.warn(`[next-auth][warn][${code}]`);
    },
    debug() {},
  },
};
