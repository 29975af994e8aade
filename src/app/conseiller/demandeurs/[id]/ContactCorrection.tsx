"use client";

/** The advisor in charge corrects the seeker's e-mail or phone, as the seeker gave them (issue 16): opened on demand. */
import { useState } from "react";
import { useRouter } from "next/navigation";
import { correctContactAction } from "@/server/actions/contact-details";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { TextField } from "@/components/Field";
import { SaveOrCancel, secondaryButtonClass } from "@/components/SubmitButton";

export function ContactCorrection({ seekerId, email, phone }: { seekerId: string; email: string | null; phone: string | null }) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const [open, setOpen] = useState(false);
  const [emailValue, setEmail] = useState(email ?? "");
  const [phoneValue, setPhone] = useState(phone ?? "");
  const [agreed, setAgreed] = useState(false);

  if (!open) {
    return (
      <button type="button" className={`${secondaryButtonClass} mt-3`} onClick={() => setOpen(true)}>
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
      <SaveOrCancel pending={pending} onCancel={() => setOpen(false)} />
      <ActionNotice outcome={outcome} className="mt-2 text-sm" />
    </form>
  );
}
