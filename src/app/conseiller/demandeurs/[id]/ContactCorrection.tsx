"use client";

/** The advisor in charge corrects the seeker's e-mail or phone, as the seeker gave them (issue 16): opened on demand. */
import { useState } from "react";
import { useRouter } from "next/navigation";
import { correctContactAction } from "@/server/actions/contact-details";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { TextField } from "@/components/Field";

const buttonClass = "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";

export function ContactCorrection({ seekerId, email, phone }: { seekerId: string; email: string | null; phone: string | null }) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const [open, setOpen] = useState(false);
  const [emailValue, setEmail] = useState(email ?? "");
  const [phoneValue, setPhone] = useState(phone ?? "");
  const [agreed, setAgreed] = useState(false);

  if (!open) {
    return (
      <button type="button" className={`${buttonClass} mt-3`} onClick={() => setOpen(true)}>
        Corriger les coordonnées
      </button>
    );
  }
  return (
    <form
      className="mt-3 space-y-3 rounded-md border border-slate-200 p-3"
      aria-label="Corriger les coordonnées"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        run(
          () => correctContactAction({ seekerId, email: emailValue, phone: phoneValue, seekerAgreed: agreed }),
          (result) => {
            if (!result.ok) return;
            flash("Coordonnées corrigées.");
            setOpen(false);
            router.refresh();
          },
        );
      }}
    >
      <TextField
        id="correction-email"
        label="E-mail"
        type="email"
        value={emailValue}
        onChange={(event) => setEmail(event.target.value)}
        help="Vide : aucune adresse."
      />
      <TextField
        id="correction-telephone"
        label="Téléphone"
        type="tel"
        value={phoneValue}
        onChange={(event) => setPhone(event.target.value)}
        help="Lu dans le plan de numérotation du département de l'agence. Vide : aucun numéro."
      />
      <div className="flex items-start gap-2 text-sm">
        <input id="correction-accord" type="checkbox" className="mt-1 size-5" checked={agreed} onChange={(event) => setAgreed(event.target.checked)} />
        <label htmlFor="correction-accord">La personne m&apos;a donné elle-même ces coordonnées.</label>
      </div>
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          disabled={pending}
          className="min-h-11 rounded-md bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
        >
          Enregistrer
        </button>
        <button type="button" disabled={pending} className={buttonClass} onClick={() => setOpen(false)}>
          Annuler
        </button>
      </div>
      <ActionNotice outcome={outcome} className="mt-2 text-sm" />
    </form>
  );
}
