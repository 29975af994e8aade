import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { ROLE_LABELS } from "@/lib/labels";
import { AppShell } from "@/components/AppShell";
import { Notice } from "@/components/Notice";
import { ChangePasswordForm } from "./ChangePasswordForm";

export const metadata: Metadata = { title: "Mon compte" };

export default async function AccountPage() {
  const actor = await requirePageActor("account:manage");
  return (
    <AppShell actor={actor} title="Mon compte">
      <p className="mb-4">
        {actor.firstName} {actor.lastName} · {actor.email} · {ROLE_LABELS[actor.role]}
      </p>
      {actor.mustChangePassword ? (
        <Notice tone="warning" className="mb-4">
          Vous vous êtes connecté·e avec un mot de passe provisoire. Choisissez maintenant votre propre mot de passe : les autres pages s&apos;ouvriront
          ensuite.
        </Notice>
      ) : null}
      <h2 className="mb-2 text-lg font-semibold">Changer mon mot de passe</h2>
      <p className="mb-3 text-sm text-slate-700">Après le changement, vous serez déconnecté·e de tous vos appareils et vous reconnecterez.</p>
      {actor.role === "SEEKER" ? (
        <p className="mb-3 text-sm text-slate-700">
          Votre lien d&apos;agenda (l&apos;abonnement de votre téléphone à vos rendez-vous) sera aussi supprimé. Vous pourrez en créer un nouveau dans « Mon
          espace ».
        </p>
      ) : null}
      <ChangePasswordForm />
    </AppShell>
  );
}
