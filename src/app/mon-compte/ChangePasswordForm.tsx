"use client";

import { signOutTo } from "@/lib/sign-out";
import { changePasswordAction } from "@/server/actions/account";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";

const inputClass = "mt-1 block min-h-11 w-full rounded-md border border-slate-400 px-3 py-2";

export function ChangePasswordForm() {
  const { pending, run, outcome } = useServerAction();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      currentPassword: String(form.get("currentPassword") ?? ""),
      newPassword: String(form.get("newPassword") ?? ""),
      confirmation: String(form.get("confirmation") ?? ""),
    };
    run(
      () => changePasswordAction(input),
      (result) => {
        // Every session ends with the change, this one too: sign in again with the new password.
        if (result.ok) void signOutTo("/connexion?motdepasse=change");
      },
    );
  }

  return (
    <form onSubmit={submit} className="max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <div>
        <label htmlFor="currentPassword" className="block text-sm font-medium">
          Mot de passe actuel
        </label>
        <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required className={inputClass} />
      </div>
      <div>
        <label htmlFor="newPassword" className="block text-sm font-medium">
          Nouveau mot de passe
        </label>
        <input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={12}
          maxLength={256}
          required
          aria-describedby="aide-mot-de-passe"
          className={inputClass}
        />
        <p id="aide-mot-de-passe" className="mt-1 text-sm text-slate-700">
          12 caractères au moins, sans autre contrainte : une courte phrase est à la fois sûre et facile à retenir.
        </p>
      </div>
      <div>
        <label htmlFor="confirmation" className="block text-sm font-medium">
          Confirmer le nouveau mot de passe
        </label>
        <input id="confirmation" name="confirmation" type="password" autoComplete="new-password" required className={inputClass} />
      </div>
      <ActionNotice outcome={outcome} className="text-sm" />
      <button type="submit" disabled={pending} className="min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60">
        {pending ? "Enregistrement…" : "Changer mon mot de passe"}
      </button>
    </form>
  );
}
