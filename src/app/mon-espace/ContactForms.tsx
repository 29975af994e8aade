"use client";

/** The seeker's contact details and message choices on /mon-espace (issue 16), in plain short French. */
import { useState } from "react";
import { setMyMessagePreferencesAction, updateMyContactAction } from "@/server/actions/seeker-space";
import { primary, useSeekerAction } from "./SeekerSpaceForms";

const field = "mt-1 block min-h-12 w-full rounded-md border-2 border-slate-400 bg-white px-3 text-base";

/** Change the e-mail and the mobile: the page shows them, the seeker types new ones, « Enregistrer ». */
export function ContactForm({ email, phone }: { email: string | null; phone: string | null }) {
  const { run, pending, feedback } = useSeekerAction();
  const [emailValue, setEmail] = useState(email ?? "");
  const [phoneValue, setPhone] = useState(phone ?? "");
  return (
    <form
      className="space-y-3"
      // The server checks the address and says what is wrong in plain French, rather than the browser's bubble.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        run(() => updateMyContactAction({ email: emailValue, phone: phoneValue }), "C'est enregistré : vos coordonnées sont à jour.");
      }}
    >
      <div>
        <label htmlFor="mon-email" className="block font-semibold">
          Mon adresse e-mail
        </label>
        <input
          id="mon-email"
          type="email"
          autoComplete="email"
          value={emailValue}
          onChange={(event) => setEmail(event.target.value)}
          aria-describedby="mon-email-aide"
          className={field}
        />
        <p id="mon-email-aide" className="mt-1 text-sm text-slate-700">
          Laissez vide si vous n&apos;avez pas d&apos;adresse e-mail.
        </p>
      </div>
      <div>
        <label htmlFor="mon-telephone" className="block font-semibold">
          Mon numéro de téléphone portable
        </label>
        <input
          id="mon-telephone"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          value={phoneValue}
          onChange={(event) => setPhone(event.target.value)}
          aria-describedby="mon-telephone-aide"
          className={field}
        />
        <p id="mon-telephone-aide" className="mt-1 text-sm text-slate-700">
          Par exemple : 06 12 34 56 78.
        </p>
      </div>
      <button type="submit" disabled={pending} className={primary}>
        Enregistrer mes coordonnées
      </button>
      {feedback}
    </form>
  );
}

/** Agree to SMS (or stop), and stop the optional messages (or take them back). */
export function MessageChoicesForm({ smsConsent, optionalMessagesOptOut }: { smsConsent: boolean; optionalMessagesOptOut: boolean }) {
  const { run, pending, feedback } = useSeekerAction();
  const [sms, setSms] = useState(smsConsent);
  const [optOut, setOptOut] = useState(optionalMessagesOptOut);
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        run(() => setMyMessagePreferencesAction({ smsConsent: sms, optionalMessagesOptOut: optOut }), "C'est enregistré : vos choix sont à jour.");
      }}
    >
      <div className="flex items-start gap-3">
        <input
          id="accord-sms"
          type="checkbox"
          checked={sms}
          onChange={(event) => setSms(event.target.checked)}
          aria-describedby="accord-sms-aide"
          className="mt-1 size-6 shrink-0"
        />
        <div>
          <label htmlFor="accord-sms" className="font-semibold">
            J&apos;accepte de recevoir des SMS
          </label>
          <p id="accord-sms-aide" className="text-sm text-slate-700">
            Sur mon portable : mes rendez-vous, les changements et les rappels. Je peux arrêter quand je veux.
          </p>
        </div>
      </div>
      <div className="flex items-start gap-3">
        <input
          id="sans-messages-facultatifs"
          type="checkbox"
          checked={optOut}
          onChange={(event) => setOptOut(event.target.checked)}
          aria-describedby="sans-messages-facultatifs-aide"
          className="mt-1 size-6 shrink-0"
        />
        <div>
          <label htmlFor="sans-messages-facultatifs" className="font-semibold">
            Je ne veux pas les messages facultatifs
          </label>
          <p id="sans-messages-facultatifs-aide" className="text-sm text-slate-700">
            Ce sont les rappels et les résultats d&apos;entretien. Attention : les convocations aux bilans obligatoires (au 4e et au 9e mois) vous seront quand
            même envoyées.
          </p>
        </div>
      </div>
      <button type="submit" disabled={pending} className={primary}>
        Enregistrer mes choix
      </button>
      {feedback}
    </form>
  );
}
