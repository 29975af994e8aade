import "server-only";
import { decode } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { env } from "@/env";
import { safeCallbackPath } from "@/lib/callback-path";
import { sessionCookieName } from "./options";
import { hasPermission, type Actor, type Permission } from "./policy";
import { resolveSession } from "./sessions";

/** The header src/proxy.ts sets to the requested path (overwriting any client value), for the way back after sign-in. */
export const REQUEST_PATH_HEADER = "x-modalis-path";

/**
 * The signed-in actor, re-checked against the database on every request: the token only names a server-side
 * session, which must still be valid (not signed out, not idle, same session version, account active — see
 * sessions.ts). Once per request: the root's not-found and forbidden boundaries are rendered with every page and ask
 * too (three session reads per page view before).
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const secret = env().NEXTAUTH_SECRET;
  const raw = (await cookies()).get(sessionCookieName())?.value;
  if (!secret || !raw) return null;
  const token = await decode({ token: raw, secret }).catch(() => null);
  return token ? resolveSession(token.sid) : null;
});

/** `/connexion`, with the page asked for as the way back when it is a path of this site. */
async function loginPath(): Promise<string> {
  const back = safeCallbackPath((await headers()).get(REQUEST_PATH_HEADER));
  return back && back !== "/" ? `/connexion?callbackUrl=${encodeURIComponent(back)}` : "/connexion";
}

/**
 * For pages: the actor with this permission, or a redirect — to the login page (and back here afterwards), to
 * « Mon compte » while a one-time password must be changed, or to the 403 page (src/app/forbidden.tsx).
 */
export async function requirePageActor(permission: Permission): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect(await loginPath());
  if (actor.mustChangePassword && permission !== "account:manage") redirect("/mon-compte");
  if (!hasPermission(actor, permission)) forbidden();
  return actor;
}
