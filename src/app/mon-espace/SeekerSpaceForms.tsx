"use client";

import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { createCalendarFeedAction, revokeCalendarFeedAction, setMyWebOnlyAction } from "@/server/actions/seeker-space";
import type { ActionResult } from "@/server/auth/guard";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";

export const primary =
  "inline-flex min-h-12 w-full items-center justify-center rounded-md bg-brand-700 px-4 py-3 text-base font-semibold text-white hover:bg-brand-900 disabled:opacity-60 sm:w-auto";
export const secondary =
  "inline-flex min-h-12 w-full items-center justify-center rounded-md border-2 border-slate-400 bg-white px-4 py-3 text-base font-semibold text-slate-900 hover:bg-slate-100 disabled:opacity-60 sm:w-auto";
const danger =
  "inline-flex min-h-12 w-full items-center justify-center rounded-md border-2 border-red-700 bg-white px-4 py-3 text-base font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60 sm:w-auto";

/** Runs an action, then reloads the page's data; the French result is announced and receives the focus. */
export function useSeekerAction() {
  const router = useRouter();
  const { pending, run: runAction, outcome, setOutcome } = useServerAction();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcome) ref.current?.focus();
  }, [outcome]);
  function run<T>(call: () => Promise<ActionResult<T>>, success: string, after?: () => void) {
    runAction(call, (result) => {
      after?.();
      if (!result.ok) return;
      setOutcome({ kind: "success", text: success });
      router.refresh();
    });
  }
  return { run, pending, feedback: <ActionNotice outcome={outcome} ref={ref} className="my-3 text-base" /> };
}

/** Switches 100 % web on or off, with what it changes said before the button. */
export function WebOnlyChoice({ active, canChoose }: { active: boolean; canChoose: boolean }) {
  const { run, pending, feedback } = useSeekerAction();
  return (
    <div>
      {active || canChoose ? (
        <button
          type="button"
          disabled={pending}
          className={active ? secondary : primary}
          onClick={() =>
            run(
              () => setMyWebOnlyAction({ webOnly: !active }),
              active ? "C'est fait : vous n'êtes plus suivi·e 100 % web." : "C'est fait : vous êtes maintenant suivi·e 100 % web.",
            )
          }
        >
          {active ? "Arrêter le suivi 100 % web" : "Passer au suivi 100 % web"}
        </button>
      ) : null}
      {feedback}
    </div>
  );
}

/** The private calendar feed: create it, copy its address, replace or delete it (each after a confirmation). */
export function CalendarFeedPanel({ feedUrl, webcalUrl }: { feedUrl: string | null; webcalUrl: string | null }) {
  const { run, pending, feedback } = useSeekerAction();
  const [confirming, setConfirming] = useState<"renew" | "revoke" | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  async function copy() {
    if (!feedUrl) return;
    try {
      await navigator.clipboard.writeText(feedUrl);
      setCopied("Lien copié. Collez-le dans votre application d'agenda.");
    } catch {
      inputRef.current?.select();
      setCopied("Le lien est sélectionné : copiez-le (appui long, puis « Copier »).");
    }
  }

  if (!feedUrl) {
    return (
      <div>
        {feedback}
        <button
          type="button"
          disabled={pending}
          className={primary}
          onClick={() => run(() => createCalendarFeedAction({}), "Votre lien d'agenda est prêt. Ajoutez-le à votre téléphone.")}
        >
          Créer mon lien d&apos;agenda
        </button>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      {feedback}
      <div>
        <label htmlFor="lien-agenda" className="block text-base font-semibold">
          Mon lien d&apos;agenda (personnel)
        </label>
        <input
          ref={inputRef}
          id="lien-agenda"
          type="text"
          readOnly
          value={feedUrl}
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby="lien-agenda-aide"
          className="mt-1 block min-h-12 w-full rounded-md border-2 border-slate-400 bg-slate-50 px-3 font-mono text-sm"
        />
        <p id="lien-agenda-aide" className="mt-1 text-sm text-slate-700">
          Ce lien est personnel. Ne le donnez à personne : avec ce lien, on voit vos rendez-vous.
        </p>
        <div className="mt-2 flex flex-col gap-2 sm:flex-row">
          <button type="button" className={primary} onClick={() => void copy()}>
            Copier le lien
          </button>
          {webcalUrl ? (
            <a href={webcalUrl} className={secondary}>
              Ajouter à l&apos;agenda de cet appareil
            </a>
          ) : null}
        </div>
        <p role="status" className="mt-2 text-sm text-green-900">
          {copied}
        </p>
      </div>

      <div>
        <h3 className="text-base font-semibold">Comment l&apos;ajouter à mon téléphone ?</h3>
        <ul className="mt-1 list-disc space-y-2 pl-5">
          <li>
            <strong>iPhone</strong> : touchez « Ajouter à l&apos;agenda de cet appareil », puis « S&apos;abonner ». Ou : Réglages → Calendrier → Comptes →
            Ajouter un compte → Autre → « Ajouter un calendrier avec abonnement », et collez le lien.
          </li>
          <li>
            <strong>Android (Google Agenda)</strong> : sur un ordinateur, ouvrez calendar.google.com → « Autres agendas » → « + » → « À partir de l&apos;URL »,
            collez le lien. L&apos;agenda apparaît ensuite sur votre téléphone.
          </li>
        </ul>
      </div>

      <div>
        <h3 className="text-base font-semibold">Changer ou supprimer mon lien</h3>
        <p className="mt-1">Vous pensez que quelqu&apos;un a votre lien ? Créez un nouveau lien : l&apos;ancien ne marchera plus.</p>
        {confirming === null ? (
          <div className="mt-2 flex flex-col gap-2 sm:flex-row">
            <button type="button" disabled={pending} className={secondary} onClick={() => setConfirming("renew")}>
              Créer un nouveau lien
            </button>
            <button type="button" disabled={pending} className={danger} onClick={() => setConfirming("revoke")}>
              Supprimer mon lien
            </button>
          </div>
        ) : (
          <div role="group" aria-labelledby="confirmation-lien" className="mt-2 rounded-md border-2 border-amber-500 bg-amber-50 p-3">
            <p id="confirmation-lien" className="font-semibold">
              {confirming === "renew"
                ? "Créer un nouveau lien ? L'ancien lien ne marchera plus : il faudra ajouter le nouveau à votre téléphone."
                : "Supprimer votre lien ? Votre téléphone ne recevra plus vos rendez-vous."}
            </p>
            <div className="mt-2 flex flex-col gap-2 sm:flex-row">
              <button
                type="button"
                disabled={pending}
                autoFocus
                className={confirming === "renew" ? primary : danger}
                onClick={() =>
                  confirming === "renew"
                    ? run(
                        () => createCalendarFeedAction({}),
                        "Votre nouveau lien est prêt. L'ancien ne marche plus : ajoutez le nouveau à votre téléphone.",
                        () => setConfirming(null),
                      )
                    : run(
                        () => revokeCalendarFeedAction({}),
                        "Votre lien d'agenda est supprimé. Il ne marche plus.",
                        () => setConfirming(null),
                      )
                }
              >
                {confirming === "renew" ? "Oui, créer un nouveau lien" : "Oui, supprimer mon lien"}
              </button>
              <button type="button" disabled={pending} className={secondary} onClick={() => setConfirming(null)}>
                Non, garder mon lien
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
