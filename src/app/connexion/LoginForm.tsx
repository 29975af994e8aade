"use client";

import { signIn } from "next-auth/react";
import type { ActionResult } from "@/server/auth/guard";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { TextField } from "@/components/Field";
import { SubmitButton } from "@/components/SubmitButton";

const THROTTLED_PREFIX = "Trop de tentatives de connexion.";

/** next-auth's sign-in, answered like a server action (a network failure then gets useServerAction's French message). */
async function signInWith(email: string, password: string): Promise<ActionResult<null>> {
  const result = await signIn("credentials", { email, password, redirect: false });
  if (result && !result.error) return { ok: true, data: null };
  const error = result?.error?.startsWith(THROTTLED_PREFIX) ? result.error : "Adresse e-mail ou mot de passe incorrect.";
  return { ok: false, code: "UNAUTHENTICATED", error };
}

/** `next`: where to go once signed in — a path of this site, checked by the page (a deep link survives sign-in). */
export function LoginForm({ next }: { next: string }) {
  const { pending, run, outcome } = useServerAction();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run(
      () => signInWith(String(form.get("email") ?? ""), String(form.get("password") ?? "")),
      (result) => {
        // A relative path: the browser stays on the host it is on.
        if (result.ok) window.location.assign(next);
      },
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" noValidate>
      <TextField id="email" name="email" label="Adresse e-mail" type="email" autoComplete="username" required />
      <TextField id="password" name="password" label="Mot de passe" type="password" autoComplete="current-password" required />
      <ActionNotice outcome={outcome} className="text-sm" />
      <SubmitButton pending={pending} pendingLabel="Connexion…" className="w-full">
        Se connecter
      </SubmitButton>
    </form>
  );
}
