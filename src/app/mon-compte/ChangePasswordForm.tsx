"use client";

import { signOutTo } from "@/lib/sign-out";
import { changePasswordAction } from "@/server/actions/account";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { TextField } from "@/components/Field";
import { SubmitButton } from "@/components/SubmitButton";

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
      <TextField id="currentPassword" name="currentPassword" label="Mot de passe actuel" type="password" autoComplete="current-password" required />
      <TextField
        id="newPassword"
        name="newPassword"
        label="Nouveau mot de passe"
        type="password"
        autoComplete="new-password"
        minLength={12}
        maxLength={256}
        required
        help="12 caractères au moins, sans autre contrainte : une courte phrase est à la fois sûre et facile à retenir."
      />
      <TextField id="confirmation" name="confirmation" label="Confirmer le nouveau mot de passe" type="password" autoComplete="new-password" required />
      <ActionNotice outcome={outcome} className="text-sm" />
      <SubmitButton pending={pending}>Changer mon mot de passe</SubmitButton>
    </form>
  );
}
