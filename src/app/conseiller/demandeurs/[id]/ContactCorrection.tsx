"use client";

/** The advisor in charge corrects the seeker's e-mail or phone, as the seeker gave them (issue 16): opened on demand. */
import { useState } from "react";
import { correctContactAction } from "@/server/actions/contact-details";
import { TextField } from "@/components/Field";
import { FormInPlace } from "@/components/FormInPlace";

export function ContactCorrection({ seekerId, email, phone }: { seekerId: string; email: string | null; phone: string | null }) {
  const [emailValue, setEmail] = useState(email ?? "");
  const [phoneValue, setPhone] = useState(phone ?? "");
  const [agreed, setAgreed] = useState(false);

  return (
    <FormInPlace
      openLabel="Corriger les coordonnées"
      label="Corriger les coordonnées"
      saved="Coordonnées corrigées."
      submit={() => correctContactAction({ seekerId, email: emailValue, phone: phoneValue, seekerAgreed: agreed })}
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
    </FormInPlace>
  );
}
