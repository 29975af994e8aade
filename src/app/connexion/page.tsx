import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/callback-path";
import { currentActor } from "@/server/auth/session";
import { ROLE_HOME } from "@/server/auth/policy";
import { Notice } from "@/components/Notice";
import { LoginForm } from "./LoginForm";

export const metadata: Metadata = { title: "Connexion" };

type SearchParams = { motdepasse?: string | string[]; callbackUrl?: string | string[] };

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [actor, { motdepasse, callbackUrl }] = await Promise.all([currentActor(), searchParams]);
  // Only a path of this site is a way back; anything else (another host, a scheme) is ignored.
  const back = safeCallbackPath(callbackUrl);
  if (actor) redirect(actor.mustChangePassword ? "/mon-compte" : (back ?? ROLE_HOME[actor.role]));
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10">
      <p className="text-2xl font-bold text-brand-700">Modalis</p>
      <h1 className="mb-6 mt-1 text-xl font-semibold">Connexion</h1>
      {motdepasse === "change" ? (
        <Notice tone="success" className="mb-4">
          Votre mot de passe a été changé. Connectez-vous avec le nouveau.
        </Notice>
      ) : null}
      <LoginForm next={back ?? "/"} />
    </main>
  );
}
